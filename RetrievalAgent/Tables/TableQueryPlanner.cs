namespace Switchboard.RetrievalAgent.Tables;

/// <summary>
/// Maps a question onto one table, or declines. The question's words are accounted for, in this order: the operation
/// words (<see cref="QuestionCues"/>); periods ("March 1998", "1998-03", a year inside date or text cells); row keys,
/// the longest run of words that is a whole key cell ("Lumen Team", "Route 66", "2023-Q3" — so a number inside a name is
/// part of that name, never a term of its own); column names; the file's subject. A query is made only when it is
/// unambiguous: every specific word (number, code, capitalised name) is accounted for, at most one ordinary word is not,
/// one column is the best match, and a lookup names exactly one row. Anything else returns null, and the question goes
/// to the normal extractive path: a table answer that guessed would be worse than none.
/// </summary>
internal static class TableQueryPlanner
{
    /// <summary>The longest row key tried, in words.</summary>
    private const int MaxKeyWords = 8;

    /// <summary>A column counts as named when at least this share of its label's words are in the question.</summary>
    private const double MinColumnShare = 0.5;

    /// <summary>Ordinary words a table may leave unexplained ("won" in "How many customers were won in Q3?").</summary>
    private const int MaxUnexplainedWords = 1;

    /// <summary>A few equivalences of column words; the question's stem on the left also counts as those on the right.</summary>
    private static readonly Dictionary<string, string[]> Equivalents = new(StringComparer.Ordinal)
    {
        ["cost"] = ["price"], ["price"] = ["cost"], ["fee"] = ["price", "cost"], ["year"] = ["annual"], ["yearli"] = ["annual"],
        ["annual"] = ["year", "yearli"], ["month"] = ["monthli"], ["monthli"] = ["month"], ["staff"] = ["employe"],
        ["headcount"] = ["employe"], ["worker"] = ["employe"],
    };

    /// <summary>A query and how much of the question the table explained (for choosing between tables).</summary>
    public sealed record Plan(TableQuery Query, int Explained);

    public static Plan? Map(CsvTable table, IReadOnlyList<QuestionWord> words, QuestionCues cues)
    {
        var accounted = (bool[])cues.Consumed.Clone();
        var filters = new List<FilterMatch>();
        MatchPeriods(table, words, accounted, filters);
        MatchKeys(table, words, accounted, filters);
        MatchYears(table, words, accounted, filters);

        var beforeColumns = (bool[])accounted.Clone();
        var named = MatchColumns(table, words, accounted, cues).Select(c => c.Column.Index).ToHashSet();
        var narrowed = new List<FilterMatch>();
        foreach (var filter in filters)
        {
            if (filter.Narrow(named, table) is { } kept)
            {
                narrowed.Add(kept);
                continue;
            }

            // Not a key after all (a measure's value): its words are the question's again, to be accounted for or not.
            foreach (var i in filter.Words)
            {
                accounted[i] = false;
            }
        }

        filters = narrowed;

        // Again, now that the words of dropped filters are free: "2" of "alpha-2" is a column's word, not a minor unit.
        for (var i = 0; i < words.Count; i++)
        {
            accounted[i] = beforeColumns[i] && accounted[i];
        }

        var columns = MatchColumns(table, words, accounted, cues);
        foreach (var i in columns.SelectMany(c => c.Words))
        {
            accounted[i] = true;
        }

        var namedNow = columns.Select(c => c.Column.Index).ToHashSet();
        filters = filters.Select(f => f.Narrow(namedNow, table) ?? f).ToList();

        var filterColumns = filters.SelectMany(f => f.Columns).ToHashSet();
        var namingColumns = filters.Where(f => f.Narrowed).SelectMany(f => f.Columns).ToHashSet();

        var explained = words.Count(w => !w.IsGrammar && accounted[w.Index] && !cues.Consumed[w.Index]);
        for (var i = 0; i < words.Count; i++)
        {
            if (!accounted[i] && IsSubject(table, words[i]))
            {
                accounted[i] = true;
                explained++;
            }
        }

        if (words.Any(w => !accounted[w.Index] && w.IsSpecific)
            || words.Count(w => !accounted[w.Index] && !w.IsGrammar) > MaxUnexplainedWords)
        {
            return null;
        }

        var rows = Rows(table, filters);
        if (rows.Count == 0)
        {
            return null;
        }

        var operation = cues.Operation;
        var numeric = operation is not null || cues.HowMany || cues.HowMuch;
        var namedLabel = LabelColumn(table, words, columns);
        // "Which country has the alpha-2 code NA?", "What tier is X in?": the column "which"/"what" names is the one asked for.
        var target = !numeric && namedLabel is not null && !filterColumns.Contains(namedLabel.Index)
            ? new TargetChoice(namedLabel, Ambiguous: false)
            : Target(columns, filterColumns, namingColumns, namedLabel, numeric);
        if (target is { Ambiguous: true })
        {
            return null;
        }

        TableOperation decided;
        if (operation is { } aggregate)
        {
            if (target is null)
            {
                return null;
            }

            decided = aggregate;
        }
        else if (cues.HowMany || cues.HowMuch)
        {
            // "How many customers were won in 2022" adds up a count column; "how many exchange rates" counts rows.
            decided = target is not null && rows.Count == 1 && filters.Count > 0 ? TableOperation.Lookup
                : target is not null && (cues.HowMuch || target.Column.Decimals == 0) ? TableOperation.Sum
                // A count counts what the question names: every word of it must be the table's ("how many users" is not rows).
                : cues.HowMany && (filters.Count > 0 || explained > 0 || target is not null)
                    && words.All(w => accounted[w.Index] || w.IsGrammar) ? TableOperation.Count
                : (TableOperation)(-1);
            if ((int)decided < 0)
            {
                return null;
            }
        }
        else
        {
            // A lookup: a named column of exactly one named row.
            if (target is null || filters.Count == 0 || rows.Count != 1)
            {
                return null;
            }

            decided = TableOperation.Lookup;
        }

        var query = new TableQuery(table, decided, decided == TableOperation.Count ? null : target?.Column, rows,
            filters.Select(f => f.Filter).ToList(), namedLabel ?? table.LabelColumn, cues.Top);
        return new Plan(query, explained);
    }

    /// <summary>"March 1998", "1998 March", "1998-03": the month of a date column.</summary>
    private static void MatchPeriods(CsvTable table, IReadOnlyList<QuestionWord> words, bool[] accounted, List<FilterMatch> filters)
    {
        for (var i = 0; i + 1 < words.Count; i++)
        {
            string? period = null;
            if (TableText.Month(words[i].Lower) is var m && m > 0 && TableText.IsYear(words[i + 1].Lower))
            {
                period = $"{words[i + 1].Lower}-{m:00}";
            }
            else if (TableText.IsYear(words[i].Lower) && (TableText.Month(words[i + 1].Lower) is var m2 && m2 > 0
                ? m2 : words[i + 1].Lower.Length == 2 && int.TryParse(words[i + 1].Lower, out var mm) && mm is >= 1 and <= 12 ? mm : 0) is var month && month > 0)
            {
                period = $"{words[i].Lower}-{month:00}";
            }

            if (period is not null && !accounted[i] && !accounted[i + 1] && table.Years.TryGetValue(period, out var cells))
            {
                AddFilter(filters, cells, period, isPeriod: true, table, [i, i + 1]);
                accounted[i] = accounted[i + 1] = true;
            }
        }
    }

    /// <summary>Whole key cells, longest first; short upper-case codes ("NA", "IN") only when written so.</summary>
    /// <remarks>Loops, not LINQ: this runs for every span of the question over every table, for every question.</remarks>
    private static void MatchKeys(CsvTable table, IReadOnlyList<QuestionWord> words, bool[] accounted, List<FilterMatch> filters)
    {
        for (var length = Math.Min(MaxKeyWords, words.Count); length >= 1; length--)
        {
            for (var start = 0; start + length <= words.Count; start++)
            {
                if (!IsFreeContentSpan(words, accounted, start, length))
                {
                    continue;
                }

                var key = JoinSpan(words, start, length, lower: true);
                if (!table.Values.TryGetValue(key, out var cells))
                {
                    continue;
                }

                var written = JoinSpan(words, start, length, lower: false);
                var matched = cells.Where(c => !IsCode(table.Cell(c.Row, c.Column)) || table.Cell(c.Row, c.Column) == written).ToList();
                if (matched.Count == 0)
                {
                    continue;
                }

                var span = Enumerable.Range(start, length).ToArray();
                AddFilter(filters, matched, table.Cell(matched[0].Row, matched[0].Column), isPeriod: false, table, span);
                foreach (var i in span)
                {
                    accounted[i] = true;
                }
            }
        }
    }

    /// <summary>No word of the span is accounted for, and not all of them are grammar words.</summary>
    private static bool IsFreeContentSpan(IReadOnlyList<QuestionWord> words, bool[] accounted, int start, int length)
    {
        var content = false;
        for (var i = start; i < start + length; i++)
        {
            if (accounted[i])
            {
                return false;
            }

            content |= !words[i].IsGrammar;
        }

        return content;
    }

    private static string JoinSpan(IReadOnlyList<QuestionWord> words, int start, int length, bool lower)
    {
        if (length == 1)
        {
            return lower ? words[start].Lower : words[start].Text;
        }

        var parts = new string[length];
        for (var i = 0; i < length; i++)
        {
            parts[i] = lower ? words[start + i].Lower : words[start + i].Text;
        }

        return string.Join(' ', parts);
    }

    /// <summary>A year alone ("in 2023") inside date or text cells ("2023-Q1", "2023-05-01").</summary>
    private static void MatchYears(CsvTable table, IReadOnlyList<QuestionWord> words, bool[] accounted, List<FilterMatch> filters)
    {
        foreach (var word in words)
        {
            if (!accounted[word.Index] && TableText.IsYear(word.Lower) && table.Years.TryGetValue(word.Lower, out var cells))
            {
                AddFilter(filters, cells, word.Lower, isPeriod: true, table, [word.Index]);
                accounted[word.Index] = true;
            }
        }
    }

    private static void AddFilter(List<FilterMatch> filters, List<(int Column, int Row)> cells, string value, bool isPeriod, CsvTable table, int[] words) =>
        filters.Add(FilterMatch.Of(cells, value, isPeriod, table, words));

    /// <summary>
    /// A filter and the cells that hold its words. The same words may be a key in several columns (a country's short and
    /// formal name: any of them names the row); when the question also names one of those columns ("alpha-2 code NA"),
    /// only that column's cells count (<see cref="Narrow"/>), so "NA" the country code is not "NA" the continent.
    /// </summary>
    private sealed record FilterMatch(TableFilter Filter, HashSet<int> Rows, List<int> Columns, List<(int Column, int Row)> Cells, int[] Words)
    {
        /// <summary>The question named this filter's column; its words are then spent on the filter.</summary>
        public bool Narrowed { get; init; }

        public static FilterMatch Of(List<(int Column, int Row)> cells, string value, bool isPeriod, CsvTable table, int[] words)
        {
            var columns = cells.Select(c => c.Column).Distinct().ToList();
            var shown = columns.Contains(table.LabelColumn.Index) ? table.LabelColumn : table.Columns[columns[0]];
            return new FilterMatch(new TableFilter(shown, value, isPeriod), cells.Select(c => c.Row).ToHashSet(), columns, cells, words);
        }

        /// <summary>Only the cells of key columns, and of the named columns among them when there are any; null when none is left.</summary>
        public FilterMatch? Narrow(IReadOnlySet<int> namedColumns, CsvTable table)
        {
            var keys = Cells.Where(c => IsKeyFor(table.Columns[c.Column], namedColumns)).ToList();
            var named = keys.Where(c => namedColumns.Contains(c.Column)).ToList();
            if (keys.Count == 0)
            {
                return null;
            }

            // Narrowed only when the named column picks out fewer rows ("NA" the code, not "NA" the continent).
            var rows = named.Select(c => c.Row).ToHashSet();
            return named.Count > 0 && rows.Count < Rows.Count ? Of(named, Filter.Value, Filter.IsPeriod, table, Words) with { Narrowed = true }
                : keys.Count == Cells.Count ? this
                : Of(keys, Filter.Value, Filter.IsPeriod, table, Words);
        }
    }

    private static bool IsCode(string cell)
    {
        if (cell.Length > 3)
        {
            return false;
        }

        foreach (var c in cell)
        {
            if (!char.IsUpper(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A whole number in a column that repeats its values (a category code, a count) is a key only when the question
    /// names that column ("category 111"); a distinct one (a year, an id) always is.
    /// </summary>
    private static bool IsKeyFor(TableColumn column, IReadOnlySet<int> named) =>
        column.Kind != ColumnKind.Number || column.Distinct || named.Contains(column.Index);

    /// <summary>The rows every filter holds (no filter: all rows).</summary>
    private static List<int> Rows(CsvTable table, List<FilterMatch> filters)
    {
        if (filters.Count == 0)
        {
            return Enumerable.Range(0, table.RowCount).ToList();
        }

        var rows = new HashSet<int>(filters[0].Rows);
        foreach (var filter in filters.Skip(1))
        {
            rows.IntersectWith(filter.Rows);
        }

        return rows.Order().ToList();
    }

    private sealed record ColumnMatch(TableColumn Column, int Matched, double Share, List<int> Words);

    private static List<ColumnMatch> MatchColumns(CsvTable table, IReadOnlyList<QuestionWord> words, bool[] accounted, QuestionCues cues)
    {
        // Each free word with what it also stands for ("cost" → "price"); "cheapest" stands for a price.
        var stems = new List<(int Index, string[] Stems)>();
        foreach (var w in words)
        {
            if (!accounted[w.Index] && !w.IsGrammar)
            {
                stems.Add((w.Index, Equivalents.TryGetValue(w.Stem, out var more) ? [w.Stem, .. more] : [w.Stem]));
            }
        }

        if (cues.ImpliesPrice)
        {
            stems.Add((-1, ["price", "cost"]));
        }

        // Loops, not LINQ: this runs for every column of every table, twice per question.
        var matches = new List<ColumnMatch>();
        for (var c = 0; c < table.Columns.Length; c++)
        {
            var label = table.ColumnStems[c];
            if (label.Length == 0)
            {
                continue;
            }

            // A label word counts when some question word stands for it; the question words used are those that do.
            var matched = 0;
            foreach (var l in label)
            {
                if (AnyStands(stems, l))
                {
                    matched++;
                }
            }

            var share = (double)matched / label.Length;
            if (matched > 0 && share >= MinColumnShare)
            {
                var used = new List<int>();
                foreach (var (index, alternatives) in stems)
                {
                    if (index >= 0 && StandsForAny(alternatives, label))
                    {
                        used.Add(index);
                    }
                }

                matches.Add(new ColumnMatch(table.Columns[c], matched, share, used));
            }
        }

        return matches;
    }

    private static bool AnyStands(List<(int Index, string[] Stems)> stems, string label)
    {
        foreach (var (_, alternatives) in stems)
        {
            foreach (var q in alternatives)
            {
                if (SameWord(q, label))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool StandsForAny(string[] alternatives, string[] label)
    {
        foreach (var q in alternatives)
        {
            foreach (var l in label)
            {
                if (SameWord(q, l))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A word of the file's subject; also a part of a run-together name ("bodies" of "publicbodies").</summary>
    private static bool IsSubject(CsvTable table, QuestionWord word)
    {
        foreach (var s in table.SubjectStems)
        {
            if (s == word.Stem
                || (!word.IsNumber && word.Stem.Length >= 4 && (s.StartsWith(word.Stem, StringComparison.Ordinal) || s.EndsWith(word.Stem, StringComparison.Ordinal))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Equal stems, one a prefix of the other of at least 4 letters ("diall" of "dialling" and "dial"), or a name and its number.</summary>
    private static bool SameWord(string question, string column) =>
        question == column
        || (Math.Min(question.Length, column.Length) >= 4 && !HasDigit(question) && !HasDigit(column)
            && (question.StartsWith(column, StringComparison.Ordinal) || column.StartsWith(question, StringComparison.Ordinal)))
        // "ISO" of "ISO3166-1-Alpha-2": a standard's name without its number.
        || (question.Length >= 3 && column.Length > question.Length && column.StartsWith(question, StringComparison.Ordinal)
            && column.AsSpan(question.Length).IndexOfAnyExceptInRange('0', '9') < 0);

    // char.IsDigit: any Unicode decimal digit, as the LINQ form this replaces checked.
    private static bool HasDigit(string text)
    {
        foreach (var c in text)
        {
            if (char.IsDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"Which country …", "what quarter …": the column a "which"/"what" names, when it names one.</summary>
    private static TableColumn? LabelColumn(CsvTable table, IReadOnlyList<QuestionWord> words, List<ColumnMatch> columns)
    {
        var which = words.FirstOrDefault(w => w.Lower is "which" or "what");
        if (which is null || which.Index + 1 >= words.Count)
        {
            return null;
        }

        var noun = words[which.Index + 1];
        // A column wholly named ("which tier"), else the table's own rows ("which country" of country-codes.csv),
        // else a column the noun is part of.
        var named = columns.Where(c => c.Words.Contains(noun.Index) && c.Column.Kind != ColumnKind.Number).ToList();
        return named.FirstOrDefault(c => c.Share >= 1.0)?.Column
            ?? (IsSubject(table, noun) ? table.LabelColumn : named.FirstOrDefault()?.Column);
    }

    private sealed record TargetChoice(TableColumn Column, bool Ambiguous);

    /// <summary>The best named column that is not a filter's or the label's (numeric when the question computes).</summary>
    private static TargetChoice? Target(List<ColumnMatch> columns, HashSet<int> filterColumns, HashSet<int> namingColumns, TableColumn? label, bool numeric)
    {
        // Words that named a filter's column ("alpha-2 code" of "code NA") do not name the target too.
        var filterWords = columns.Where(c => namingColumns.Contains(c.Column.Index)).SelectMany(c => c.Words).ToHashSet();
        var candidates = columns
            .Where(c => !filterColumns.Contains(c.Column.Index) && c.Column != label)
            .Select(c => (Match: c, Own: c.Words.Count == 0 ? c.Matched : c.Words.Count(w => !filterWords.Contains(w))))
            .Where(c => c.Own > 0)
            .Where(c => !numeric || c.Match.Column.IsMeasure)
            .OrderByDescending(c => c.Own).ThenByDescending(c => c.Match.Share)
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var ambiguous = candidates.Count > 1 && candidates[1].Own == candidates[0].Own && candidates[1].Match.Share == candidates[0].Match.Share;
        return new TargetChoice(candidates[0].Match.Column, ambiguous);
    }
}
