using Microsoft.Extensions.Options;

namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>Start-up validation of every configured API (see <see cref="RestApiDefinition.Compile"/> for the rules).</summary>
public sealed class RestApiOptionsValidator : IValidateOptions<RestApiOptions>
{
    public ValidateOptionsResult Validate(string? name, RestApiOptions options)
    {
        if (string.IsNullOrEmpty(name))
        {
            return ValidateOptionsResult.Skip; // only named instances (one per API) are used
        }

        var errors = new List<string>();
        RestApiDefinition.Compile(name, options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
