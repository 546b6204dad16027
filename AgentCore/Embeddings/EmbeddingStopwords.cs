namespace Switchboard.AgentCore.AI.Embeddings;

/// <summary>
/// English function and question words left out of hashed features: in a short question they would otherwise
/// carry most of the vector's weight and make every question look like every other.
/// </summary>
internal static class EmbeddingStopwords
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "being", "but",
        "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i",
        "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our", "she", "should", "so", "than", "that",
        "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "us", "was", "we", "were", "what",
        "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    };

    public static bool Contains(string lowercaseWord) => Words.Contains(lowercaseWord);
}
