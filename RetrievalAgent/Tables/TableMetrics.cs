using System.Diagnostics.Metrics;
using Switchboard.AgentCore;

namespace Switchboard.RetrievalAgent.Tables;

internal static class TableMetrics
{
    public static readonly Counter<long> Answers = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.retrieval.table_answers", "{answer}", "Questions answered from a CSV table instead of the extractive path, by operation");
}
