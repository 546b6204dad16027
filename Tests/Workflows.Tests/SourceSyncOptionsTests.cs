using Microsoft.Extensions.Configuration;
using Switchboard.Workflows.Dags.SourceSync;

namespace Switchboard.Workflows.Tests;

/// <summary>A bucket source that cannot work, or whose secret sits in a committed file, stops the service at start, naming the key.</summary>
public sealed class SourceSyncOptionsTests
{
    private static (SourceSyncOptions Options, IConfiguration Configuration) Bind(IDictionary<string, string?> environment, string? appsettings = null)
    {
        var builder = new ConfigurationBuilder();
        if (appsettings is not null)
        {
            var folder = Directory.CreateTempSubdirectory("sb-appsettings-").FullName;
            File.WriteAllText(Path.Combine(folder, "appsettings.json"), appsettings);
            builder.SetBasePath(folder).AddJsonFile("appsettings.json");
        }

        var configuration = builder.AddInMemoryCollection(environment).Build();
        var options = new SourceSyncOptions();
        configuration.GetSection(SourceSyncOptions.SectionName).Bind(options);
        return (options, configuration);
    }

    private static Dictionary<string, string?> Bucket(string? secret = "s3cr3t-value", string? endpoint = "http://minio:9000") => new()
    {
        ["Workflows:SourceSync:Buckets:0:Endpoint"] = endpoint,
        ["Workflows:SourceSync:Buckets:0:Bucket"] = "docs",
        ["Workflows:SourceSync:Buckets:0:AccessKeyId"] = "AKIAEXAMPLE",
        ["Workflows:SourceSync:Buckets:0:SecretAccessKey"] = secret,
        ["Workflows:SourceSync:Buckets:0:ForcePathStyle"] = "true",
    };

    [Fact]
    public void A_complete_bucket_from_the_environment_is_accepted()
    {
        var (options, configuration) = Bind(Bucket());

        Assert.True(new SourceSyncOptionsValidator(configuration).Validate(null, options).Succeeded);
        Assert.Equal("http://minio:9000/docs", options.Buckets[0].Location);
    }

    [Fact]
    public void A_bucket_without_its_secret_or_with_a_bad_endpoint_is_refused_naming_the_key()
    {
        var (noSecret, configuration) = Bind(Bucket(secret: null));
        Assert.Contains("Workflows:SourceSync:Buckets:0: AccessKeyId and SecretAccessKey are both required",
            new SourceSyncOptionsValidator(configuration).Validate(null, noSecret).FailureMessage);

        var (badEndpoint, configuration2) = Bind(Bucket(endpoint: "minio:9000"));
        Assert.Contains("Workflows:SourceSync:Buckets:0:Endpoint is not an absolute http(s) URL",
            new SourceSyncOptionsValidator(configuration2).Validate(null, badEndpoint).FailureMessage);

        var (userInfo, configuration3) = Bind(Bucket(endpoint: "http://admin:hunter2@minio:9000"));
        var failure = new SourceSyncOptionsValidator(configuration3).Validate(null, userInfo).FailureMessage;
        Assert.Contains("Workflows:SourceSync:Buckets:0:Endpoint carries credentials", failure);
        Assert.DoesNotContain("hunter2", failure);
    }

    [Fact]
    public void A_secret_key_in_an_appsettings_file_is_refused_without_echoing_it()
    {
        var environment = Bucket();
        environment.Remove("Workflows:SourceSync:Buckets:0:SecretAccessKey");
        var (options, configuration) = Bind(environment,
            """{ "Workflows": { "SourceSync": { "Buckets": [ { "SecretAccessKey": "committed-by-mistake" } ] } } }""");

        var failure = new SourceSyncOptionsValidator(configuration).Validate(null, options).FailureMessage;

        Assert.Contains("Workflows:SourceSync:Buckets:0:SecretAccessKey is in an appsettings file", failure);
        Assert.DoesNotContain("committed-by-mistake", failure);
    }
}
