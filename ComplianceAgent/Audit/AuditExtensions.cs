using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;
using Switchboard.ComplianceAgent.Screening.Pii;

namespace Switchboard.ComplianceAgent.Audit;

public static class AuditExtensions
{
    /// <summary>The consumer group the audit log reads <see cref="Streams.Interactions"/> through.</summary>
    public const string ConsumerGroup = "compliance";

    public static IHostApplicationBuilder AddAuditLog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuditOptions>()
            .BindConfiguration(AuditOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Stream), $"{AuditOptions.SectionName}:Stream is required.")
            .Validate(o => o.SeenMarkerTtl >= TimeSpan.FromSeconds(1), $"{AuditOptions.SectionName}:SeenMarkerTtl must be at least 1 second.")
            .ValidateOnStart();

        builder.Services.TryAddSingleton<PiiScanner>();
        builder.Services.AddSingleton<AuditLog>();
        builder.AddEventConsumer<InteractionRecorded, AuditLogHandler>(Streams.Interactions, ConsumerGroup);
        builder.AddEventConsumer<ApprovalRecorded, ApprovalAuditHandler>(Streams.Approvals, ConsumerGroup);
        return builder;
    }
}
