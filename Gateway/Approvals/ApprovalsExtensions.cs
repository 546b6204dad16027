using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;

namespace Switchboard.Gateway.Approvals;

public static class ApprovalsExtensions
{
    /// <summary>The Gateway's consumer group on <see cref="Streams.Approvals"/>: it fills the approval queue.</summary>
    public const string ConsumerGroup = "gateway";

    /// <summary>
    /// The approval policy (options bound from <c>Gateway:Approvals</c>, validated at start), the risk gate of the ask
    /// flow, the queue with its consumer group on <c>sb:approvals</c>, the decisions and the expiry of stale items.
    /// </summary>
    public static IHostApplicationBuilder AddApprovals(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApprovalOptions>().BindConfiguration(ApprovalOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApprovalOptions>>(new ValidateApprovalOptions());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ApprovalPolicy>();
        builder.Services.AddSingleton<ApproverName>();
        builder.Services.AddSingleton<FollowerSlots>();
        builder.Services.AddSingleton<ApprovalQueue>();
        builder.Services.AddSingleton<ApprovalDecisions>();
        builder.Services.AddScoped<ApprovalGate>();
        builder.Services.AddHostedService<ApprovalExpiryService>();
        builder.AddEventConsumer<ApprovalRecorded, ApprovalRequestedHandler>(Streams.Approvals, ConsumerGroup);
        return builder;
    }

    private sealed class ValidateApprovalOptions : IValidateOptions<ApprovalOptions>
    {
        public ValidateOptionsResult Validate(string? name, ApprovalOptions options) =>
            options.Validate().ToList() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
