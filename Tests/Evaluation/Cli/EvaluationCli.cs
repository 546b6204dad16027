using Switchboard.Evaluation.Calibrate;
using Switchboard.Evaluation.Compare;
using Switchboard.Evaluation.Evaluate;
using Switchboard.Evaluation.Questions;
using Switchboard.Evaluation.Reports;
using Switchboard.Tests.Support;

namespace Switchboard.Evaluation.Cli;

/// <summary>The harness's commands: <c>evaluate</c>, <c>compare</c> and <c>calibrate</c> (see <see cref="Usage"/>).</summary>
public static class EvaluationCli
{
    /// <summary>A bearer token for a Gateway that requires JWT, read from the environment so it never shows in a process list.</summary>
    public const string TokenVariable = "SWITCHBOARD_EVAL_TOKEN";

    public const string Usage = """
        Switchboard evaluation harness

          evaluate  (--gateway <url> | --launch) --documents <dir|file>... --questions <jsonl|dir> --out <dir> [--label <name>] [--top-k 10]
                    [--repo <root>] [--configuration Release] [--retrieval-env NAME=value]...
          compare   --launch --documents <dir|file>... --questions <jsonl|dir> --out <dir> [--repo <root>] [--configuration Release]
                    [--retrieval-env NAME=value]...
          calibrate (--retrieval <url> | --launch --documents <dir|file>...) --questions <jsonl|dir> --out <dir>
                    [--max-false-answer-rate 0.05] [--repo <root>] [--configuration Release]

        --documents may be repeated and names a folder or one file (e.g. ../shared/devdata/pdf, text and csv, and
        samples/price-list.csv); --questions may be a folder of *.jsonl files.
        A Gateway that requires JWT gets the token from the SWITCHBOARD_EVAL_TOKEN environment variable.
        --retrieval-env (repeatable) adds an environment variable to each launched RetrievalAgent, e.g.
        ConnectionStrings__qdrant_http=Endpoint=http://127.0.0.1:6333;Key=... to run both stacks on Qdrant
        (each stack then gets its own collection, eval_<mode>_<run>, unless Retrieval__Qdrant__CollectionName is given).
        Exit codes: 0 done, 1 failed, 2 wrong command line.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
            {
                output.WriteLine(Usage);
                return args.Count == 0 ? 2 : 0;
            }

            var rest = args.Skip(1).ToList();
            switch (args[0])
            {
                case "evaluate":
                    await EvaluateAsync(rest, output, cancellationToken);
                    return 0;
                case "compare":
                    var comparison = await CompareAsync(rest, output, cancellationToken);
                    return comparison is null ? 1 : 0;
                case "calibrate":
                    await CalibrateAsync(rest, output, cancellationToken);
                    return 0;
                default:
                    throw new UsageException($"Unknown command '{args[0]}'.");
            }
        }
        catch (UsageException ex)
        {
            output.WriteLine($"error: {ex.Message}");
            output.WriteLine();
            output.WriteLine(Usage);
            return 2;
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or HttpRequestException or IOException or TimeoutException)
        {
            output.WriteLine($"failed: {ex.Message}");
            return 1;
        }
    }

    /// <summary><c>evaluate</c>: against a running Gateway, or (<c>--launch</c>) one stack of its own on the default settings.</summary>
    public static async Task<EvaluationReport> EvaluateAsync(IReadOnlyList<string> rest, TextWriter output, CancellationToken cancellationToken)
    {
        var args = Arguments.Parse(rest, ["gateway", "documents", "questions", "out", "label", "top-k", "repo", "configuration", "retrieval-env"], ["launch"]);
        var documents = args.ExistingFilesOrDirectories("documents");
        var questions = args.ExistingFileOrDirectory("questions");
        var outFolder = Path.GetFullPath(args.Required("out"));
        var label = args.Optional("label") ?? "run";
        QuestionSet.Load(questions); // fail on a bad set before starting anything

        LaunchedStack? stack = null;
        try
        {
            Uri gatewayUrl;
            string? token = null;
            if (args.Flag("launch"))
            {
                stack = await LaunchedStack.StartAsync(label, ServiceBuild.FromArguments(args),
                    RetrievalEnvironment(args).ToDictionary(p => p.Name, p => (string?)p.Value), Path.Combine(outFolder, "logs"), output, cancellationToken);
                gatewayUrl = stack.Gateway;
            }
            else
            {
                gatewayUrl = args.Url("gateway");
                token = Environment.GetEnvironmentVariable(TokenVariable);
            }

            using var gateway = GatewayClient.Create(gatewayUrl, token);
            var report = await new Evaluator(gateway, output).RunAsync(
                new EvaluationSettings(gatewayUrl, documents, questions, label, TopK(args)), cancellationToken);
            var (json, md) = ReportFiles.Write(outFolder, "report", report, EvaluationMarkdown.Render(report));
            output.WriteLine($"wrote {json} and {md}");
            return report;
        }
        finally
        {
            if (stack is not null)
            {
                await stack.DisposeAsync();
            }
        }
    }

    /// <summary>Runs the set on a Hybrid stack, then on a Keyword stack (one at a time, so latencies do not compete).</summary>
    public static async Task<ComparisonReport?> CompareAsync(IReadOnlyList<string> rest, TextWriter output, CancellationToken cancellationToken)
    {
        var args = Arguments.Parse(rest, ["documents", "questions", "out", "repo", "configuration", "top-k", "retrieval-env"], ["launch"]);
        if (!args.Flag("launch"))
        {
            throw new UsageException("compare needs --launch: it starts one stack per search mode itself.");
        }

        var documents = args.ExistingFilesOrDirectories("documents");
        var questions = args.ExistingFileOrDirectory("questions");
        var outFolder = Path.GetFullPath(args.Required("out"));
        QuestionSet.Load(questions); // fail on a bad set before starting anything
        var build = ServiceBuild.FromArguments(args);
        var extra = RetrievalEnvironment(args);
        var run = DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

        var reports = new List<EvaluationReport>();
        foreach (var mode in new[] { "Hybrid", "Keyword" })
        {
            var label = mode.ToLowerInvariant();
            // A shared store (Qdrant) must not carry the first stack's chunks into the second: one collection per stack.
            var settings = new Dictionary<string, string?>
            {
                ["Retrieval__Search__Mode"] = mode,
                ["Retrieval__Qdrant__CollectionName"] = $"eval_{label}_{run}",
            };
            foreach (var (name, value) in extra)
            {
                settings[name] = value;
            }

            await using var stack = await LaunchedStack.StartAsync(label, build, settings, Path.Combine(outFolder, "logs"), output, cancellationToken);
            using var gateway = GatewayClient.Create(stack.Gateway, bearerToken: null);
            var report = await new Evaluator(gateway, output).RunAsync(
                new EvaluationSettings(stack.Gateway, documents, questions, label, TopK(args)), cancellationToken);
            ReportFiles.Write(Path.Combine(outFolder, label), "report", report, EvaluationMarkdown.Render(report));
            reports.Add(report);
        }

        var comparison = ComparisonReport.Build(reports[0], reports[1]);
        var (json, md) = ReportFiles.Write(outFolder, "report", comparison, ComparisonMarkdown.Render(comparison));
        output.WriteLine($"wrote {json} and {md}");
        return comparison;
    }

    public static async Task<CalibrationReport> CalibrateAsync(IReadOnlyList<string> rest, TextWriter output, CancellationToken cancellationToken)
    {
        var args = Arguments.Parse(rest, ["retrieval", "documents", "questions", "out", "max-false-answer-rate", "repo", "configuration"], ["launch"]);
        var questions = QuestionSet.Load(args.ExistingFileOrDirectory("questions"));
        var outFolder = Path.GetFullPath(args.Required("out"));
        var maxRate = args.Double("max-false-answer-rate", 0.05);
        if (maxRate is < 0 or > 1)
        {
            throw new UsageException("--max-false-answer-rate must be between 0 and 1.");
        }

        LaunchedStack? stack = null;
        try
        {
            Uri retrieval;
            if (args.Flag("launch"))
            {
                var documents = args.ExistingFilesOrDirectories("documents");
                stack = await LaunchedStack.StartAsync("calibration", ServiceBuild.FromArguments(args), new Dictionary<string, string?>(),
                    Path.Combine(outFolder, "logs"), output, cancellationToken);
                using var gateway = GatewayClient.Create(stack.Gateway, bearerToken: null);
                await new DocumentIngestion(gateway, output).EnsureAsync(DocumentIngestion.DocumentFiles(documents), TimeSpan.FromMinutes(5), cancellationToken);
                retrieval = stack.Retrieval;
            }
            else
            {
                retrieval = args.Url("retrieval");
            }

            // The RetrievalAgent answers only Switchboard's own services: sign as one, with the launched stack's key or the
            // running stack's (ServiceAuth__Key in the environment; none: an open development stack).
            var serviceKey = stack is not null ? ServiceProcess.ServiceKey : Environment.GetEnvironmentVariable(ServiceProcess.ServiceKeyVariable);
            using var http = new HttpClient(new ServiceTokenSigner(serviceKey, service: "Evaluation") { InnerHandler = new HttpClientHandler() })
            {
                BaseAddress = retrieval,
                Timeout = TimeSpan.FromMinutes(1),
            };
            var evidence = new EvidenceClient(http);
            var samples = new List<EvidenceSample>();
            foreach (var question in questions)
            {
                var result = await evidence.GetAsync(question.Question, cancellationToken);
                samples.Add(new EvidenceSample(question.Id, question.Kind, result.Evidence, result.DocumentName, question.Document, result.Status));
            }

            var candidates = ThresholdSweep.Candidates(samples, maxRate);
            var best = ThresholdSweep.Best(candidates);
            var report = new CalibrationReport(
                retrieval.ToString(), args.ExistingFileOrDirectory("questions"), DateTimeOffset.UtcNow, maxRate, best,
                CalibrationReport.ConfigurationFor(best.Threshold),
                samples.Count(s => s.Kind == QuestionKinds.InScope && s.CurrentStatus == "answered"),
                samples.Count(s => s.Kind == QuestionKinds.OutOfScope && s.CurrentStatus == "answered"),
                candidates, samples);
            var (json, md) = ReportFiles.Write(outFolder, "calibration", report, CalibrationMarkdown.Render(report));
            output.WriteLine($"recommended: {report.ConfigurationLine}");
            output.WriteLine($"wrote {json} and {md}");
            return report;
        }
        finally
        {
            if (stack is not null)
            {
                await stack.DisposeAsync();
            }
        }
    }

    /// <summary><c>--retrieval-env NAME=value</c> pairs (the value may itself hold <c>=</c> and <c>;</c>, as a connection string does).</summary>
    private static List<(string Name, string Value)> RetrievalEnvironment(Arguments args) =>
        args.All("retrieval-env").Select(pair => pair.IndexOf('=', StringComparison.Ordinal) is var eq and > 0
                ? (pair[..eq], pair[(eq + 1)..])
                : throw new UsageException($"--retrieval-env must be NAME=value; it is '{pair}'."))
            .ToList();

    private static int TopK(Arguments args) =>
        (int)args.Double("top-k", 10) is var k and >= 1 and <= 50 ? k : throw new UsageException("--top-k must be between 1 and 50.");
}
