namespace Switchboard.RetrievalAgent.TextAnalysis;

/// <summary>
/// English function words and question words. They carry no evidence: "what is the" matches every document,
/// so they are left out of both the FTS query and the term-coverage measure.
/// </summary>
internal static class Stopwords
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "doing", "done", "down", "during",
        "each", "either", "else", "ever", "every", "few", "for", "from", "further",
        "get", "gets", "getting", "give", "given", "gives", "go", "goes", "got",
        "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how",
        "i", "if", "in", "into", "is", "it", "its", "itself", "just", "know", "let", "like",
        "many", "may", "me", "might", "more", "most", "much", "must", "my", "myself",
        "need", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves",
        "out", "over", "own", "please", "same", "say", "says", "shall", "she", "should", "so", "some", "such",
        "tell", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they",
        "this", "those", "through", "to", "too", "under", "until", "up", "us", "use", "used", "very",
        "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why",
        "will", "with", "within", "would", "you", "your", "yours", "yourself", "yourselves",
    };

    public static bool Contains(string lowercaseWord) => Words.Contains(lowercaseWord);
}
