using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Validation;
using Switchboard.ReportingAgent.Anomalies;
using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Answering;

public static class AnswerApi
{
    public static IEndpointRouteBuilder MapAnswerApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/answer", Answer)
            .WithName("AnswerUsageQuestion")
            .WithSummary("Answers a question about Switchboard's usage from the ledger, citing the usage report.");
        return app;
    }

    public static async Task<Results<Ok<AgentAnswer>, ValidationProblem>> Answer(
        AgentAnswerRequest request,
        UsageQuestionParser parser,
        LedgerStore ledger,
        AnomalyFinder anomalies,
        ILogger<UsageQuestionParser> logger)
    {
        var errors = new FieldErrors().RequireText("question", request.Question, Limits.MaxQuestionLength);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Log the question's length and what was understood, never its text.
        var question = parser.Parse(request.Question);
        if (question is null)
        {
            logger.LogDebug("A {QuestionLength}-char question is not a usage question the rules understand", request.Question.Length);
            return TypedResults.Ok(UsageAnswerWriter.NotAUsageQuestion());
        }

        if (question.Metric == UsageMetric.Anomalies)
        {
            var found = await anomalies.FindAsync(question.Range);
            logger.LogDebug("Answered a {QuestionLength}-char anomaly question over {Range}: {Hours} hours, {Minutes} minutes",
                request.Question.Length, question.Range, found.Anomalies.Count, found.Minutes.Count);
            return TypedResults.Ok(AnomalyAnswerWriter.Write(question, found));
        }

        var report = UsageReportBuilder.Build(question.Range, await ledger.ReadAsync(question.Range));
        logger.LogDebug("Answered a {QuestionLength}-char usage question: {Metric} over {Range} ({Total} interactions)",
            request.Question.Length, question.Metric, question.Range, report.Total);
        return TypedResults.Ok(UsageAnswerWriter.Write(question, report));
    }
}
