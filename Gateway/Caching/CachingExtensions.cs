namespace Switchboard.Gateway.Caching;

public static class CachingExtensions
{
    /// <summary>The answer cache and its options (<c>Gateway:AnswerCache</c>, validated at start).</summary>
    public static IHostApplicationBuilder AddAnswerCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnswerCacheOptions>()
            .BindConfiguration(AnswerCacheOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<AnswerCache>();
        return builder;
    }
}
