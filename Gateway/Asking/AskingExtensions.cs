using Switchboard.AgentCore.AI.Usage;

namespace Switchboard.Gateway.Asking;

public static class AskingExtensions
{
    /// <summary>The orchestration of one question and what it needs besides the agents: answers, usage accounting.</summary>
    public static IHostApplicationBuilder AddAsking(this IHostApplicationBuilder builder)
    {
        builder.AddUsageAccounting();
        builder.Services.AddSingleton<AnswerStore>();
        builder.Services.AddSingleton<Usage.AnswerUsageAccounting>();
        builder.Services.AddSingleton<Access.DocumentAccess>();
        builder.Services.AddScoped<Steps.ScreenStep>();
        builder.Services.AddScoped<Steps.HistoryStep>();
        builder.Services.AddScoped<Steps.RouteStep>();
        builder.Services.AddScoped<Steps.AnswerCacheStep>();
        builder.Services.AddScoped<Steps.AnswerStep>();
        builder.Services.AddScoped<Steps.ReviewStep>();
        builder.Services.AddScoped<Steps.ReleaseStep>();
        builder.Services.AddScoped<Steps.AskRecorder>();
        builder.Services.AddScoped<AskOrchestrator>();
        return builder;
    }
}
