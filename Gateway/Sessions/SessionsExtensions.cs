namespace Switchboard.Gateway.Sessions;

public static class SessionsExtensions
{
    /// <summary>Conversation memory and its options (<c>Gateway:Sessions</c>, validated at start).</summary>
    public static IHostApplicationBuilder AddSessions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SessionOptions>()
            .BindConfiguration(SessionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ConversationMemory>();
        return builder;
    }
}
