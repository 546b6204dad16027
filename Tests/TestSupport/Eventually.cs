namespace Switchboard.Tests.Support;

/// <summary>Polls until a condition holds or a deadline passes: tests wait on state, never on fixed sleeps.</summary>
public static class Eventually
{
    public static async Task<T> MatchAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        T value;
        while (!done(value = await probe()))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {seconds} s waiting for {what}; last value: {value}");
            }

            await Task.Delay(50);
        }

        return value;
    }
}
