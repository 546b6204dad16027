using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;
using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.Qdrant.Tests;

/// <summary>
/// The real <c>Tools/StoreMigration</c> command, run as a process against the fake Qdrant: <c>samples/</c> ingested
/// into a SQLite file, <c>--to qdrant</c>, then <c>--to sqlite</c> into a fresh file; every chunk id and text comes back,
/// the counts are identical, and a second run changes nothing.
/// </summary>
public sealed class MigrationCommandTests : IDisposable
{
    private static readonly string Root = Metadata("RepositoryRoot");
    private static readonly string Dll = Path.Combine(Root, "Tools", "StoreMigration", "bin", Metadata("Configuration"), "net10.0", "StoreMigration.dll");

    private readonly string _directory = Directory.CreateTempSubdirectory("qdrant-migration-command-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private SqliteChunkStore Sqlite(string file) =>
        new(Options.Create(new ChunkStoreOptions { DatabasePath = file }), new HostingEnvironment { ContentRootPath = _directory }, QdrantHarness.Embedder);

    [Fact]
    public async Task The_command_round_trips_the_sample_corpus_with_identical_chunks_and_a_rerun_is_idempotent()
    {
        await using var server = await FakeQdrantServer.StartAsync("migration-key");
        var source = Sqlite("source.db");
        var documents = await IngestSamplesAsync(source);
        var expected = await AllChunksAsync(source, documents);
        Assert.True(expected.Count >= 10, $"the sample corpus gave only {expected.Count} chunks");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__qdrant_http"] = $"Endpoint={server.Endpoint};Key=migration-key",
            ["Retrieval__Qdrant__CollectionName"] = "migrated",
        };

        var toQdrant = await RunAsync(environment, "--to", "qdrant", "--Retrieval:DatabasePath=" + Path.Combine(_directory, "source.db"), "--batch", "7");
        var toSqlite = await RunAsync(environment, "--to", "sqlite", "--Retrieval:DatabasePath=" + Path.Combine(_directory, "back.db"));

        Assert.True(toQdrant.ExitCode == 0, toQdrant.Output);
        Assert.True(toSqlite.ExitCode == 0, toSqlite.Output);
        var line = $"source {expected.Count} chunks, copied {expected.Count}, skipped (checkpoint) 0, target {expected.Count} chunks";
        Assert.Contains(line, toQdrant.Output);
        Assert.Contains(line, toSqlite.Output);
        Assert.Equal(expected.Count, server.PointCount("migrated"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var back = await AllChunksAsync(Sqlite("back.db"), documents);
        Assert.Equal(expected, back); // ids, texts, pages and rows, in order

        // Again, both ways: upserts by chunk id, so nothing is added and the counts still match.
        var again = await RunAsync(environment, "--to", "qdrant", "--Retrieval:DatabasePath=" + Path.Combine(_directory, "source.db"));
        var againBack = await RunAsync(environment, "--to", "sqlite", "--Retrieval:DatabasePath=" + Path.Combine(_directory, "back.db"));
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.True(againBack.ExitCode == 0, againBack.Output);
        Assert.Contains(line, again.Output);
        Assert.Contains(line, againBack.Output);
        Assert.Equal(expected.Count, server.PointCount("migrated"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal(expected, await AllChunksAsync(Sqlite("back.db"), documents));
    }

    [Fact]
    public async Task Without_a_qdrant_connection_string_the_command_says_so_and_exits_2()
    {
        var result = await RunAsync(new Dictionary<string, string>(), "--to", "qdrant", "--Retrieval:DatabasePath=" + Path.Combine(_directory, "none.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ConnectionStrings:qdrant_http is not set", result.Output);
    }

    /// <summary>Parses and chunks every sample document the way ingestion does; restricted and tagged to carry metadata.</summary>
    private static async Task<List<string>> IngestSamplesAsync(IChunkStore store)
    {
        var ingestion = Options.Create(new IngestionOptions());
        var parsers = new DocumentParsers([new PdfParser(ingestion), new CsvParser(ingestion), new PlainTextParser(), new MarkdownParser()]);
        var chunker = new TextChunker(TiktokenTokenizer.CreateForModel("gpt-4o"), Options.Create(new ChunkingOptions { MaxTokens = 200, OverlapTokens = 20 }));
        var ids = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "samples")).Where(f => Path.GetExtension(f) is ".pdf" or ".csv" or ".txt" or ".md").Order())
        {
            var name = Path.GetFileName(file);
            if (name == "README.md")
            {
                continue;
            }

            var id = "doc" + ids.Count;
            var chunks = chunker.Chunk(parsers.For(name, null).Parse(await File.ReadAllBytesAsync(file)));
            await store.UpsertDocumentAsync(
                new StoredDocument(id, name, "application/octet-stream", DateTimeOffset.UtcNow) { Tags = ["sample"], AllowedGroups = ids.Count == 0 ? ["finance"] : [] },
                chunks.Select((c, i) => new StoredChunk(StoredChunk.IdFor(id, i), id, name, i, c.Page, c.Row, c.Text)).ToList());
            ids.Add(id);
        }

        return ids;
    }

    private static async Task<List<StoredChunk>> AllChunksAsync(IChunkStore store, IEnumerable<string> documents)
    {
        var all = new List<StoredChunk>();
        foreach (var id in documents)
        {
            all.AddRange(await store.GetChunksAsync(id, new ChunkFilter { CallerGroups = ["finance"] }));
        }

        return all;
    }

    private async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        Assert.True(File.Exists(Dll), $"{Dll} is missing: build Tools/StoreMigration in this configuration");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("ConnectionStrings__qdrant_http");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("StoreMigration did not finish in 2 minutes:\n" + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + "\n" + await stderr);
    }

    private static string Metadata(string key) =>
        typeof(MigrationCommandTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
