using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Switchboard.RetrievalAgent.Answering;
using Switchboard.RetrievalAgent.Tests.Support;
using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Tests.TextAnalysis;

/// <summary>
/// The evidence measure compares question and passage terms by their Porter stems and reads their document frequencies
/// from the FTS5 index, so its stemmer must be SQLite's: checked here word for word against <c>fts5vocab</c>.
/// </summary>
public sealed class EvidenceTermsTests
{
    private static readonly string[] Tricky =
    [
        "caresses", "ponies", "ties", "caress", "cats", "feed", "agreed", "plastered", "bled", "motoring", "sing",
        "conflated", "troubled", "sized", "hopping", "tanned", "falling", "hissing", "fizzed", "failing", "filing",
        "happy", "sky", "relational", "conditional", "rational", "valenci", "hesitanci", "digitizer", "conformabli",
        "radicalli", "differentli", "vileli", "analogousli", "vietnamization", "predication", "operator", "feudalism",
        "decisiveness", "hopefulness", "callousness", "formaliti", "sensitiviti", "sensibiliti", "triplicate",
        "formative", "formalize", "electriciti", "electrical", "hopeful", "goodness", "revival", "allowance",
        "inference", "airliner", "gyroscopic", "adjustable", "defensible", "irritant", "replacement", "adjustment",
        "dependent", "adoption", "homologou", "communism", "activate", "angulariti", "homologous", "effective",
        "bowdlerize", "probate", "rate", "cease", "controll", "roll", "generalization", "oscillators", "yelling",
        "paternity", "reassessed", "executive", "officer", "office", "analytics", "allowances", "policies", "ying",
        "aing", "eed", "bing", "day", "days", "abroad", "ticker", "remotely", "vaultkeeper", "quickly", "logically", "zürich", "café", "naïve", "résumés", "façade",
    ];

    [SamplesFact]
    public void Porter_stems_match_the_fts5_porter_tokenizer_on_the_samples_and_classic_cases()
    {
        var tokens = Directory.EnumerateFiles(Samples.Root)
            .Where(f => Path.GetExtension(f) is ".md" or ".txt" or ".csv")
            .SelectMany(f => Regex.Matches(File.ReadAllText(f).ToLowerInvariant(), @"[\p{L}\p{N}]+").Select(m => m.Value))
            .Concat(Tricky)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'porter unicode61'); CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');");
        using (var transaction = connection.BeginTransaction())
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO t (rowid, x) VALUES ($id, $x)";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var x = insert.Parameters.Add("$x", SqliteType.Text);
            for (var i = 0; i < tokens.Count; i++)
            {
                id.Value = i + 1;
                x.Value = tokens[i];
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        var sqlite = new Dictionary<long, string>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT doc, term FROM v";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                sqlite[reader.GetInt64(0)] = reader.GetString(1);
            }
        }

        var mismatches = tokens.Select((token, i) => (Token: token, Expected: sqlite[i + 1], Actual: PorterStemmer.Stem(EvidenceTerms.RemoveDiacritics(token))))
            .Where(m => m.Expected != m.Actual)
            .Select(m => $"{m.Token}: sqlite {m.Expected}, ours {m.Actual}")
            .ToList();
        Assert.True(tokens.Count > 500, $"only {tokens.Count} tokens");
        Assert.Empty(mismatches);
    }

    [Fact]
    public void Question_terms_drop_stopwords_and_the_word_after_how_and_mark_specific_and_required_terms()
    {
        var terms = EvidenceTerms.ForQuestion("How long is the free trial of Lumen in 2024-Q4?");

        Assert.Equal(["free", "trial", "lumen", "2024", "q4"], terms.Select(t => t.Stem));
        Assert.Equal([false, false, true, true, true], terms.Select(t => t.IsSpecific));
        Assert.Equal([false, false, false, true, true], terms.Select(t => t.IsRequired));
        Assert.Equal(["zurich", "offic"], EvidenceTerms.ForQuestion("Zürich offices?").Select(t => t.Stem));
    }

    [Fact]
    public void Idf_gives_an_absent_term_the_largest_weight_and_a_ubiquitous_one_almost_none()
    {
        var absent = EvidenceScorer.InverseDocumentFrequency(14, 0);
        var rare = EvidenceScorer.InverseDocumentFrequency(14, 1);
        var common = EvidenceScorer.InverseDocumentFrequency(14, 14);

        Assert.True(absent > rare && rare > common && common > 0);
        Assert.Equal(Math.Log(30), absent, 10);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
