namespace Switchboard.Gateway.Asking;

public static class AskingExtensions
{
    public static IHostApplicationBuilder AddAsking(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AnswerStore>();
        builder.Services.AddSingleton<SessionHistory>();
        builder.Services.AddSingleton<Access.DocumentAccess>();
        builder.Services.AddScoped<AskOrchestrator>();
        return builder;
    }
}
