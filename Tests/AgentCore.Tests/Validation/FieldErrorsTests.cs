using Switchboard.AgentCore.Validation;

namespace Switchboard.AgentCore.Tests.Validation;

public sealed class FieldErrorsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t\n")]
    public void Blank_text_is_an_error_naming_the_field(string? value)
    {
        var errors = new FieldErrors().RequireText("question", value, 10);
        Assert.False(errors.IsValid);
        Assert.Contains("required", Assert.Single(errors["question"]));
    }

    [Fact]
    public void Text_over_the_limit_states_its_length_and_the_limit()
    {
        var errors = new FieldErrors().RequireText("question", new string('x', 11), 10);
        Assert.Equal("The question is 11 characters long; the limit is 10.", Assert.Single(errors["question"]));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(1, true)]
    [InlineData(20, true)]
    [InlineData(0, false)]
    [InlineData(21, false)]
    public void Range_accepts_a_missing_value_and_the_bounds(int? topK, bool valid)
    {
        var errors = new FieldErrors().RequireText("question", "ok", 10).RequireRange("topK", topK, 1, 20);
        Assert.Equal(valid, errors.IsValid);
        Assert.Equal(!valid, errors.ContainsKey("topK"));
    }

    [Theory]
    [InlineData(new[] { "finance", "hr" }, true)]
    [InlineData(new[] { "finance", " " }, false)]
    [InlineData(new[] { "a", "b", "c" }, false)]
    public void List_is_bounded_and_holds_no_blank_value(string[] values, bool valid)
    {
        var errors = new FieldErrors().RequireList("callerGroups", values, maxCount: 2, maxLength: 16);
        Assert.Equal(valid, errors.IsValid);
    }

    [Fact]
    public void Filters_with_an_inverted_date_range_and_an_oversized_tag_name_both_fields()
    {
        var filters = new Contracts.SearchFilters(
            Tags: [new string('t', SearchFilterRules.MaxTagLength + 1)],
            UploadedFrom: DateTimeOffset.Parse("2026-02-01T00:00:00Z"),
            UploadedTo: DateTimeOffset.Parse("2026-01-01T00:00:00Z"));

        var errors = new FieldErrors().RequireValidFilters(filters);

        Assert.Equal(["filters.tags", "filters.uploadedTo"], errors.Keys.Order().ToArray());
        Assert.True(new FieldErrors().RequireValidFilters(null).IsValid);
    }
}
