using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Switchboard.ServiceDefaults.Secrets;

/// <summary>
/// Configuration from HashiCorp Vault's KV version 2 secrets engine over its HTTP API
/// (<c>GET /v1/&lt;mount&gt;/data/&lt;path&gt;</c> with <c>X-Vault-Token</c>; the values are in <c>data.data</c>). A
/// secret that cannot be read stops the service at start with a message naming the path and Vault's answer — never
/// the token or a value; a failed periodic reload keeps the values it has.
/// </summary>
public sealed class VaultConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly VaultOptions _options;
    private readonly HttpMessageHandler _handler;
    private readonly Timer? _reload;

    public VaultConfigurationProvider(VaultOptions options, HttpMessageHandler? handler = null)
    {
        _options = options;
        _handler = handler ?? new SocketsHttpHandler();
        if (options.ReloadInterval is { } interval && interval > TimeSpan.Zero)
        {
            _reload = new Timer(_ => ReloadQuietly(), null, interval, interval);
        }
    }

    public override void Load() => Data = Read();

    public void Dispose()
    {
        _reload?.Dispose();
        _handler.Dispose();
    }

    private void ReloadQuietly()
    {
        try
        {
            var data = Read();
            if (!data.OrderBy(p => p.Key).SequenceEqual(Data.OrderBy(p => p.Key)))
            {
                Data = data;
                OnReload();
            }
        }
        catch (VaultException)
        {
            // Vault unreachable for a moment: keep serving the values already loaded.
        }
    }

    private Dictionary<string, string?> Read()
    {
        var token = Token();
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        using var http = new HttpClient(_handler, disposeHandler: false) { BaseAddress = _options.Address, Timeout = _options.Timeout };
        foreach (var path in _options.Paths)
        {
            var url = $"v1/{_options.Mount.Trim('/')}/data/{path.Trim('/')}";
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("X-Vault-Token", token);
            if (!string.IsNullOrEmpty(_options.Namespace))
            {
                request.Headers.Add("X-Vault-Namespace", _options.Namespace);
            }

            HttpResponseMessage response;
            try
            {
                response = http.Send(request);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                throw new VaultException($"Vault: GET {_options.Address}{url} failed ({ex.Message}).", ex);
            }

            using (response)
            {
                using var body = response.Content.ReadAsStream();
                using var json = ParseOrNull(body);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    var errors = json?.RootElement.TryGetProperty("errors", out var list) == true && list.ValueKind == JsonValueKind.Array
                        ? string.Join("; ", list.EnumerateArray().Select(e => e.ToString()))
                        : "";
                    throw new VaultException($"Vault: GET {_options.Address}{url} answered {(int)response.StatusCode}{(errors.Length > 0 ? $" ({errors})" : "")}; " +
                        (response.StatusCode == HttpStatusCode.NotFound ? "the secret does not exist at that path." : "check the token's policy."));
                }

                if (json is null || !json.RootElement.TryGetProperty("data", out var outer) || !outer.TryGetProperty("data", out var secret)
                    || secret.ValueKind != JsonValueKind.Object)
                {
                    throw new VaultException($"Vault: GET {_options.Address}{url} did not answer a KV version 2 secret (no data.data object); is '{_options.Mount}' a KV v2 mount?");
                }

                foreach (var entry in secret.EnumerateObject())
                {
                    Add(data, entry.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), entry.Value);
                }
            }
        }

        return data;
    }

    private static void Add(Dictionary<string, string?> data, string key, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var child in value.EnumerateObject())
                {
                    Add(data, ConfigurationPath.Combine(key, child.Name), child.Value);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Add(data, ConfigurationPath.Combine(key, (i++).ToString(System.Globalization.CultureInfo.InvariantCulture)), item);
                }

                break;
            case JsonValueKind.Null:
                data[key] = null;
                break;
            case JsonValueKind.String:
                data[key] = value.GetString();
                break;
            default:
                data[key] = value.GetRawText();
                break;
        }
    }

    private string Token()
    {
        if (!string.IsNullOrEmpty(_options.Token))
        {
            return _options.Token;
        }

        if (!string.IsNullOrEmpty(_options.TokenFile))
        {
            try
            {
                return File.ReadAllText(_options.TokenFile).Trim();
            }
            catch (IOException ex)
            {
                throw new VaultException($"Vault: the token file {_options.TokenFile} cannot be read ({ex.Message}).", ex);
            }
        }

        throw new VaultException("Vault:Address is set but neither Vault:Token nor Vault:TokenFile is.");
    }

    private static JsonDocument? ParseOrNull(Stream body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Secrets could not be read from Vault; the message says which and why, never the token or a value.</summary>
public sealed class VaultException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The source of <see cref="VaultConfigurationProvider"/>.</summary>
public sealed class VaultConfigurationSource(VaultOptions options, HttpMessageHandler? handler) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new VaultConfigurationProvider(options, handler);
}
