using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace Switchboard.RetrievalAgent.Store.Qdrant;

/// <summary>
/// Client-side BM25 sparse vectors, wire-compatible in their ids with Qdrant's (<c>lib/bm25</c>): a term's index is
/// MurmurHash3 x86_32 (seed 0) of its UTF-8 bytes read as int32, absolute value; a document's value is the BM25 term
/// frequency <c>n(k1+1) / (k1(1 − b + b·len/avgLen) + n)</c>; a query's every unique term weighs 1 and the collection's
/// <c>idf</c> modifier supplies the IDF. Tokens are lowercase letter/digit runs without stopwords and without stemming,
/// so they differ from the server's English Snowball pipeline: a collection uses one encoding or the other, never both.
/// </summary>
public static partial class Bm25Hashing
{
    public const float K1 = 1.2f;
    public const float B = 0.75f;
    public const float AverageLength = 256f;

    public static IReadOnlyList<(uint Index, float Value)> Document(string text)
    {
        var tokens = Tokens(text);
        return tokens.GroupBy(TermId)
            .Select(g => (g.Key, (float)(g.Count() * (K1 + 1) / ((K1 * (1 - B + (B * tokens.Count / AverageLength))) + g.Count()))))
            .OrderBy(t => t.Key)
            .ToList();
    }

    public static IReadOnlyList<(uint Index, float Value)> Query(string text) =>
        Tokens(text).Select(TermId).Distinct().Order().Select(id => (id, 1f)).ToList();

    public static List<string> Tokens(string text) =>
        [.. WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(t => t.Length <= 40 && !TextAnalysis.Stopwords.Contains(t))];

    public static uint TermId(string token) => (uint)Math.Abs((long)(int)Murmur3(Encoding.UTF8.GetBytes(token), 0));

    /// <summary>MurmurHash3 x86_32.</summary>
    public static uint Murmur3(ReadOnlySpan<byte> data, uint seed)
    {
        const uint c1 = 0xcc9e2d51, c2 = 0x1b873593;
        var h = seed;
        var blocks = data.Length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4));
            k *= c1;
            k = uint.RotateLeft(k, 15);
            k *= c2;
            h ^= k;
            h = uint.RotateLeft(h, 13);
            h = (h * 5) + 0xe6546b64;
        }

        var tail = data[(blocks * 4)..];
        uint k1 = 0;
        switch (tail.Length)
        {
            case 3:
                k1 ^= (uint)tail[2] << 16;
                goto case 2;
            case 2:
                k1 ^= (uint)tail[1] << 8;
                goto case 1;
            case 1:
                k1 ^= tail[0];
                k1 *= c1;
                k1 = uint.RotateLeft(k1, 15);
                k1 *= c2;
                h ^= k1;
                break;
        }

        h ^= (uint)data.Length;
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return h;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
