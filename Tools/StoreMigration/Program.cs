// Copies every chunk and vector between the RetrievalAgent's embedded SQLite store and Qdrant (the SOP's
// "migrate FAISS → vector DB" step), in either direction. Both stores are built exactly as the service builds them
// (AddEmbeddingGenerator + AddChunkStore, with and without ConnectionStrings:qdrant_http), from the same configuration
// (appsettings, environment, command line), so the Qdrant collection gets the dimension of the configured embedder.
//
//   dotnet Tools/StoreMigration/bin/Release/net10.0/StoreMigration.dll --to qdrant|sqlite \
//       [--Retrieval:DatabasePath=data/retrieval.db] [--ConnectionStrings:qdrant_http="Endpoint=...;Key=..."] \
//       [--checkpoint migration.checkpoint] [--batch 256]
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.VectorData;
using Switchboard.AgentCore.AI.Embeddings;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Store.Qdrant;
using Switchboard.RetrievalAgent.Store.VectorData;

var to = Argument("--to");
var checkpoint = Argument("--checkpoint");
var batch = int.TryParse(Argument("--batch"), out var b) ? b : 256;
var rest = args.Where((a, i) => !IsOwn(a) && (i == 0 || !IsOwn(args[i - 1]))).ToArray();
if (to is not ("qdrant" or "sqlite"))
{
    Console.Error.WriteLine("usage: StoreMigration --to qdrant|sqlite [--checkpoint file] [--batch n] [--Retrieval:DatabasePath=...] [--ConnectionStrings:qdrant_http=Endpoint=...;Key=...]");
    return 2;
}

var sqlite = Collection(rest, withQdrant: false);
var qdrant = Collection(rest, withQdrant: true);
if (qdrant is null)
{
    Console.Error.WriteLine("ConnectionStrings:qdrant_http is not set (environment ConnectionStrings__qdrant_http or --ConnectionStrings:qdrant_http=...).");
    return 2;
}

var (source, target) = to == "qdrant" ? (sqlite!, qdrant) : (qdrant, sqlite!);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
try
{
    var result = await new StoreMigrator(source, target, batch).RunAsync(checkpoint, new Bar(), cancel.Token);
    Console.WriteLine();
    Console.WriteLine($"source {result.SourceCount} chunks, copied {result.Copied}, skipped (checkpoint) {result.Skipped}, target {result.TargetCount} chunks");
    if (!result.CountsMatch)
    {
        Console.Error.WriteLine("COUNT MISMATCH: the target holds chunks the source does not (or lost some); nothing was deleted.");
        return 1;
    }

    Console.WriteLine("counts match");
    return 0;
}
catch (QdrantException ex)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine(ex.Message);
    return 1;
}

VectorStoreCollection<string, ChunkRecord>? Collection(string[] configArgs, bool withQdrant)
{
    var builder = Host.CreateApplicationBuilder(configArgs);
    if (!withQdrant)
    {
        builder.Configuration["ConnectionStrings:" + QdrantOptions.ConnectionStringName] = "";
    }
    else if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(QdrantOptions.ConnectionStringName)))
    {
        return null;
    }

    builder.AddEmbeddingGenerator();
    builder.AddChunkStore();
    return ChunkCollections.Of(builder.Build().Services);
}

string? Argument(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

static bool IsOwn(string a) => a is "--to" or "--checkpoint" or "--batch";

/// <summary>A one-line progress bar on the console.</summary>
internal sealed class Bar : IProgress<MigrationProgress>
{
    public void Report(MigrationProgress value)
    {
        var done = value.Copied + value.Skipped;
        var share = value.Total == 0 ? 1 : (double)done / value.Total;
        var filled = (int)(share * 40);
        Console.Write($"\r[{new string('#', filled)}{new string(' ', 40 - filled)}] {share,6:P1} {done}/{value.Total} chunks");
    }
}
