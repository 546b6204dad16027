using Microsoft.ML.Tokenizers;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.AgentCore.Messaging;

namespace Switchboard.RetrievalAgent.Ingestion;

public static class IngestionExtensions
{
    /// <summary>The ingest consumer (<c>sb:ingest</c>, group <c>retrieval</c>), parsers and the token chunker.</summary>
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChunkingOptions>()
            .BindConfiguration(ChunkingOptions.SectionName)
            .Validate(o => o.IsValid, "Retrieval:Chunking: MaxTokens must be 16..8192 and OverlapTokens 0..MaxTokens-1.")
            .ValidateOnStart();
        builder.Services.AddOptions<IngestionOptions>()
            .BindConfiguration(IngestionOptions.SectionName)
            .Validate(o => o.IsValid, "Retrieval:Ingestion: MaxPages must be 1..100000 and MaxRows 1..10000000.")
            .ValidateOnStart();

        // Building the o200k vocabulary takes about 0.3 s: once per process.
        builder.Services.AddSingleton<Tokenizer>(_ => TiktokenTokenizer.CreateForModel("gpt-4o"));
        builder.Services.AddSingleton<TextChunker>();
        builder.Services.AddSingleton<IDocumentParser, PdfParser>();
        builder.Services.AddSingleton<IDocumentParser, CsvParser>();
        builder.Services.AddSingleton<IDocumentParser, PlainTextParser>();
        builder.Services.AddSingleton<IDocumentParser, MarkdownParser>();
        builder.Services.AddSingleton<IDocumentParser, DocxParser>();
        builder.Services.AddSingleton<IDocumentParser, HtmlParser>();
        builder.Services.AddSingleton<DocumentParsers>();
        builder.Services.AddSingleton<Switchboard.AgentCore.Screening.Injection.PromptInjectionDetector>();
        builder.Services.AddSingleton<InstructionScan>();

        builder.AddDocumentCatalog();
        builder.AddEventConsumer<IngestRequested, IngestRequestedHandler>(Streams.Ingest, ConsumerGroups.Retrieval);
        return builder;
    }
}
