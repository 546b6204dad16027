using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Switchboard.Load.Corpus;

/// <summary>What <c>generate</c> wrote, saved as <c>manifest.json</c> beside the files.</summary>
public sealed record CorpusManifest(string Generator, int Seed, long Chunks, int WordsPerChunk, int ChunksPerFile, int Vocabulary, int Files, long Bytes, string Format);

/// <summary>
/// A deterministic synthetic corpus for benchmarks: <c>N</c> chunks of text, each one paragraph of about
/// <c>wordsPerChunk</c> words drawn with a Zipf-like skew from a fixed vocabulary (frequent words frequent, rare words
/// rare, so BM25's IDF behaves as on real text), <c>chunksPerFile</c> paragraphs per <c>.txt</c> file separated by a
/// blank line, plus <c>queries.txt</c> (queries drawn from the same vocabulary) and <c>manifest.json</c>.
/// The same seed always writes the same bytes.
/// </summary>
public static class SyntheticCorpus
{
    public const string Format = "one chunk per paragraph; paragraphs separated by one blank line";

    public static CorpusManifest Generate(string folder, long chunks, int seed, int wordsPerChunk, int chunksPerFile, TextWriter log)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var vocabulary = Vocabulary(5000, seed);
        var files = 0;
        long bytes = 0;
        var text = new StringBuilder(1 << 20);
        for (long written = 0; written < chunks; files++)
        {
            text.Clear();
            var inFile = (int)Math.Min(chunksPerFile, chunks - written);
            for (var c = 0; c < inFile; c++)
            {
                if (c > 0)
                {
                    text.Append('\n');
                }

                Paragraph(text, random, vocabulary, wordsPerChunk);
                text.Append('\n');
            }

            var path = Path.Combine(folder, $"synthetic-{files:D5}.txt");
            var data = Encoding.UTF8.GetBytes(text.ToString());
            File.WriteAllBytes(path, data);
            bytes += data.Length;
            written += inFile;
            if (files % 100 == 99)
            {
                log.WriteLine($"  {written:N0} of {chunks:N0} chunks written");
            }
        }

        var queries = new Random(seed + 1);
        File.WriteAllLines(Path.Combine(folder, "queries.txt"),
            Enumerable.Range(0, 200).Select(_ => string.Join(' ', Enumerable.Range(0, queries.Next(2, 6)).Select(_ => vocabulary[Zipf(queries, vocabulary.Length, 1.5)]))));
        var manifest = new CorpusManifest("Tests/Load generate", seed, chunks, wordsPerChunk, chunksPerFile, vocabulary.Length, files, bytes, Format);
        File.WriteAllText(Path.Combine(folder, "manifest.json"), JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }));
        return manifest;
    }

    public static CorpusManifest? ReadManifest(string folder)
    {
        var path = Path.Combine(folder, "manifest.json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<CorpusManifest>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Sentences of 6–18 words, capitalised and ended with a period, until the paragraph has about <paramref name="words"/> words.</summary>
    private static void Paragraph(StringBuilder text, Random random, string[] vocabulary, int words)
    {
        var target = Math.Max(1, words + random.Next(-words / 5, words / 5 + 1));
        var count = 0;
        while (count < target)
        {
            var length = Math.Min(random.Next(6, 19), target - count);
            for (var i = 0; i < length; i++)
            {
                var word = vocabulary[Zipf(random, vocabulary.Length, 2.5)];
                if (i == 0)
                {
                    text.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
                }
                else
                {
                    text.Append(word);
                }

                text.Append(i == length - 1 ? ". " : " ");
            }

            count += length;
        }

        text.Length--; // the trailing space
    }

    private static int Zipf(Random random, int size, double skew) => Math.Min(size - 1, (int)(size * Math.Pow(random.NextDouble(), skew)));

    /// <summary>Pronounceable pseudo-words of one to three syllables, plus numbers and years, in a fixed order.</summary>
    public static string[] Vocabulary(int size, int seed)
    {
        var random = new Random(seed ^ 0x5eed);
        const string consonants = "bcdfghklmnprstvz";
        const string vowels = "aeiou";
        var words = new List<string>(size);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (words.Count < size)
        {
            string word;
            if (words.Count % 25 == 24)
            {
                word = random.Next(3) == 0 ? (1950 + random.Next(80)).ToString(CultureInfo.InvariantCulture) : random.Next(1000).ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                var builder = new StringBuilder();
                for (var s = random.Next(1, 4); s > 0; s--)
                {
                    builder.Append(consonants[random.Next(consonants.Length)]).Append(vowels[random.Next(vowels.Length)]);
                    if (random.Next(3) == 0)
                    {
                        builder.Append(consonants[random.Next(consonants.Length)]);
                    }
                }

                word = builder.ToString();
            }

            if (seen.Add(word))
            {
                words.Add(word);
            }
        }

        return [.. words];
    }
}
