namespace Switchboard.Gateway.Documents;

/// <summary>
/// Reads a decompressing stream to its end without keeping what it reads, and stops as soon as more than a budget has
/// come out: how a bomb is measured without being expanded in memory.
/// </summary>
internal static class BoundedInflation
{
    /// <returns>The bytes read; <paramref name="budget"/> + 1 when the stream holds more than the budget.</returns>
    /// <param name="stopAtDamage">Count what came out before corrupt data instead of throwing (a bomb may end in garbage).</param>
    public static long Drain(Stream stream, long budget, bool stopAtDamage = false)
    {
        var buffer = new byte[81_920];
        long total = 0;
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
                if (total > budget)
                {
                    return budget + 1;
                }
            }
        }
        catch (InvalidDataException) when (stopAtDamage)
        {
        }

        return total;
    }
}
