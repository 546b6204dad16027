using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Tests.Tables;

/// <summary>Issue 10, failure class 4 (tables), one test per failure: on small CSVs written for the purpose.</summary>
public sealed class TableAnswerTests
{
    private const string Surveys = "Year,Rate,Margin\n1996,7.9,0.4\n1997,7.7,0.3\n1998,7.4,0.3\n1999,6.9,0.2\n";

    private const string Companies = "Company,Sector,Revenue (USD millions),Employees\nAcme,Retail,120.5,900\nRoute 66 Diner,Food,3.2,45\n"
        + "Fortune 500 Supply,Retail,880.0,4100\nBolt Motors,Auto,410.25,2300\nGreen Farms,Food,75.0,610\n";

    private static async Task<TableCorpus> CorpusAsync()
    {
        var corpus = await TableCorpus.CreateAsync();
        await corpus.AddAsync("unemployment-surveys.csv", Surveys);
        await corpus.AddAsync("company-list.csv", Companies);
        return corpus;
    }

    [Fact]
    public async Task The_files_subject_is_part_of_every_rows_evidence()
    {
        await using var corpus = await CorpusAsync();
        var answer = await corpus.TableAnswerAsync("What was the unemployment rate in the survey of 1998?");
        Assert.NotNull(answer);
        Assert.Equal("Year: 1998; Rate: 7.4. [1]", answer.Answer);
        Assert.Equal((3, "Year: 1998; Rate: 7.4; Margin: 0.3"), (answer.Citations[0].Row!.Value, answer.Citations[0].Snippet));
        Assert.Equal(answer.Citations[0].Snippet, answer.Contexts[0].Text[answer.Citations[0].StartOffset!.Value..answer.Citations[0].EndOffset!.Value]);
    }

    [Fact]
    public async Task A_named_row_and_column_is_answered_from_that_cell()
    {
        await using var corpus = await CorpusAsync();
        var answer = await corpus.TableAnswerAsync("How many employees does Bolt Motors have?");
        Assert.Equal("Company: Bolt Motors; Employees: 2300. [1]", answer!.Answer);
        Assert.Equal(4, answer.Citations[0].Row);
    }

    [Theory]
    [InlineData("What is the total revenue of all companies?", "Total Revenue (USD millions) over 5 rows: 1488.95")]
    [InlineData("What is the average revenue?", "Average Revenue (USD millions) over 5 rows: 297.79")]
    [InlineData("What is the lowest number of employees?", "Lowest Employees among 5 rows: 45 (Route 66 Diner)")]
    [InlineData("Which company has the highest revenue?", "Highest Revenue (USD millions) among 5 rows: 880.0 (Fortune 500 Supply)")]
    [InlineData("What are the top 2 companies by employees?", "Highest 2 by Employees among 5 rows: Fortune 500 Supply (4100), Bolt Motors (2300)")]
    [InlineData("How many companies are in the Food sector?", "Number of rows where Sector is Food in company-list.csv: 2")]
    public async Task Aggregates_are_computed_and_cite_the_working_and_the_rows(string question, string sentence)
    {
        await using var corpus = await CorpusAsync();
        var answer = await corpus.TableAnswerAsync(question);
        Assert.NotNull(answer);
        Assert.StartsWith(sentence + ". [1]", answer.Answer);
        Assert.Contains(sentence, answer.Contexts[0].Text); // the working, checkable by the review
        Assert.All(answer.Citations.Skip(1), c => Assert.Contains(c.Snippet, answer.Contexts[c.Number - 1].Text));
    }

    [Fact]
    public async Task An_aggregate_filtered_by_another_column_uses_only_those_rows()
    {
        await using var corpus = await CorpusAsync();
        var answer = await corpus.TableAnswerAsync("What is the total revenue of companies in the Retail sector?");
        Assert.StartsWith("Total Revenue (USD millions) where Sector is Retail over 2 rows: 1000.5. [1][2][3]", answer!.Answer);
        Assert.Equal([1, 3], answer.Citations.Skip(1).Select(c => c.Row!.Value));
    }

    [Fact]
    public async Task A_possessive_finds_the_row()
    {
        await using var corpus = await CorpusAsync();
        Assert.Equal("Company: Acme; Revenue (USD millions): 120.5. [1]", (await corpus.TableAnswerAsync("What was Acme's revenue?"))!.Answer);
        Assert.Equal("Company: Acme; Employees: 900. [1]", (await corpus.TableAnswerAsync("How many employees are on Acme’s payroll?"))!.Answer);
    }

    [Fact]
    public async Task A_number_inside_a_name_is_part_of_the_name()
    {
        await using var corpus = await CorpusAsync();
        Assert.Equal("Company: Route 66 Diner; Employees: 45. [1]", (await corpus.TableAnswerAsync("How many employees does Route 66 Diner have?"))!.Answer);
        Assert.Equal("Company: Fortune 500 Supply; Sector: Retail. [1]", (await corpus.TableAnswerAsync("Which sector is Fortune 500 Supply in?"))!.Answer);
    }

    [Theory]
    [InlineData("What was the unemployment rate in 2005?")] // a row that does not exist
    [InlineData("What was the profit of Acme?")] // a column that does not exist
    [InlineData("What was the revenue of Zenith Corp?")] // a name no row holds
    [InlineData("What is the rate?")] // no row named
    [InlineData("What does the price list say about refunds?")] // not about any table
    public async Task A_question_that_cannot_be_mapped_falls_through(string question)
    {
        await using var corpus = await CorpusAsync();
        Assert.Null(await corpus.TableAnswerAsync(question));
    }

    [Fact]
    public async Task A_table_is_offered_only_to_callers_who_may_read_its_document()
    {
        await using var corpus = await TableCorpus.CreateAsync();
        await corpus.AddAsync("payroll.csv", "Employee,Salary\nDana,91000\nEli,87000\n"u8.ToArray(), "payroll",
            new StoredDocument("payroll", "payroll.csv", "text/csv", DateTimeOffset.UtcNow) { AllowedGroups = ["hr"] });

        Assert.Null(await corpus.TableAnswerAsync("What is Dana's salary?"));
        var answer = await corpus.TableAnswerAsync("What is Dana's salary?", new ChunkFilter { CallerGroups = ["hr"] });
        Assert.Equal("Employee: Dana; Salary: 91000. [1]", answer!.Answer);
        Assert.Equal(AnswerStatus.Answered, answer.Status);
    }
}
