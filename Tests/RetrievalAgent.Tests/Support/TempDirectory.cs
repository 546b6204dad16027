using Microsoft.Data.Sqlite;

namespace Switchboard.RetrievalAgent.Tests.Support;

/// <summary>A temporary folder removed at dispose (after SQLite has released its pooled file handles).</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sb-retrieval-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
