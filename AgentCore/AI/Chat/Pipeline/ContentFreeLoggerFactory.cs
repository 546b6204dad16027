using Microsoft.Extensions.Logging;

namespace Switchboard.AgentCore.AI.Chat.Pipeline;

/// <summary>
/// A logger factory whose loggers never report <see cref="LogLevel.Trace"/> as enabled.
/// <see cref="Microsoft.Extensions.AI.LoggingChatClient"/> writes prompts and answers only at Trace; with this in front of
/// it, message content reaches the logs only when <c>AI:Chat:Telemetry:EnableSensitiveData</c> is true, whatever the
/// log level configuration says.
/// </summary>
internal sealed class ContentFreeLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new ContentFreeLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The inner factory belongs to the host; it is not ours to dispose.
    public void Dispose()
    {
    }

    private sealed class ContentFreeLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel > LogLevel.Trace && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
