namespace Switchboard.ReportingAgent.Answering;

public static class AnsweringExtensions
{
    /// <summary>The usage-question parser behind <c>POST /answer</c>. Needs the ledger and the reports.</summary>
    public static IHostApplicationBuilder AddUsageAnswering(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UsageQuestionParser>();
        return builder;
    }
}
