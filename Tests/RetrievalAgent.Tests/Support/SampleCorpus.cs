using System.Text;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Tests.Support;

/// <summary>
/// A small made-up company corpus of five documents in all four formats: policies, prices and figures of
/// "Northwind Traders". Ids are the file names without extension.
/// </summary>
internal static class SampleCorpus
{
    public const string Handbook = """
        # Employee handbook

        ## Annual leave

        Full-time employees receive 25 days of paid annual leave per calendar year.
        Up to 5 unused days may be carried over into the next year.

        ## Parental leave

        Parental leave is 16 weeks at full pay for the primary caregiver.
        The secondary caregiver receives 4 weeks at full pay.

        ## Sick leave

        Sick leave requires a doctor's note after 3 consecutive days of absence.
        """;

    public const string Prices = """
        Plan,Monthly price (USD),Seats,Support
        Starter,9,1,Email support only
        Pro,29,5,"Email and chat support, business hours"
        Enterprise,99,50,24/7 phone support with a named account manager
        """;

    public const string Expenses = """
        Travel must be booked through the Northwind travel portal. Hotel costs are reimbursed up to 180 EUR per night in Europe.
        Meals are reimbursed up to 60 EUR per day. Receipts must be submitted within 30 days of the trip.
        Economy class is required for flights shorter than six hours.
        """;

    public const string Security = """
        ---
        title: Security policy
        ---
        Passwords must be at least 14 characters long and are never shared.
        Multi-factor authentication is mandatory for all remote access.
        Laptops must use full-disk encryption, and lost devices are reported to the service desk within 24 hours.
        """;

    public static readonly string[][] AnnualReportPages =
    [
        ["Northwind Traders reported revenue of 48.2 million euros in fiscal year 2023.", "Operating margin improved to 12.5 percent."],
        ["The company employed 412 people at the end of 2023.", "The board approved a dividend of 0.85 euros per share."],
    ];

    public static async Task IngestAllAsync(IChunkStore store)
    {
        await StoreFactory.IngestAsync(store, "handbook", "employee-handbook.md", Encoding.UTF8.GetBytes(Handbook));
        await StoreFactory.IngestAsync(store, "prices", "price-list.csv", Encoding.UTF8.GetBytes(Prices));
        await StoreFactory.IngestAsync(store, "expenses", "expense-policy.txt", Encoding.UTF8.GetBytes(Expenses));
        await StoreFactory.IngestAsync(store, "security", "security-policy.md", Encoding.UTF8.GetBytes(Security));
        await StoreFactory.IngestAsync(store, "report", "annual-report-2023.pdf", Pdfs.Build(AnnualReportPages));
    }
}
