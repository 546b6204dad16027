using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// axe-core (Deque.AxeCore.Playwright) over the page as it is rendered at that moment: WCAG 2.x A/AA and best-practice
/// rules. A page passes with no violation of impact <c>serious</c> or <c>critical</c>; lesser ones are printed.
/// </summary>
public static class AxeCheck
{
    private static readonly string[] Blocking = ["serious", "critical"];

    public static async Task AssertAccessibleAsync(IPage page, string state, ITestOutputHelper output)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        });

        foreach (var violation in result.Violations)
        {
            output.WriteLine($"axe {state}: {violation.Impact} {violation.Id} ({violation.Nodes.Length} nodes): {violation.Help}");
        }

        var blocking = result.Violations.Where(v => Blocking.Contains(v.Impact)).ToList();
        Assert.True(blocking.Count == 0, $"axe found serious/critical violations on {state} ({page.Url}):\n" + string.Join("\n",
            blocking.Select(v => $"- {v.Impact} {v.Id}: {v.Help} ({v.HelpUrl})\n" + string.Join("\n",
                v.Nodes.Take(5).Select(n => $"    {n.Target}: {n.Html}")))));
        output.WriteLine($"axe {state}: {result.Passes.Length} rules passed, {result.Violations.Length} violations, none serious or critical");
    }
}
