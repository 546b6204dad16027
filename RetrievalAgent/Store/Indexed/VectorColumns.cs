using System.Numerics.Tensors;

namespace Switchboard.RetrievalAgent.Store.Indexed;

/// <summary>
/// Every chunk's unit vector, stored by dimension (one float column per dimension, a cell per slot), so an exact
/// cosine scan costs one vectorised multiply-add over a column for each dimension the query actually uses. The
/// built-in hashing embedder gives a question a few hundred non-zero dimensions of 1024, so the scan reads a fraction
/// of the vectors instead of all of them; a dense query (a model's embedding) costs what a row-by-row scan does.
/// Not thread-safe: the <see cref="CorpusIndex"/> lock guards it.
/// </summary>
internal sealed class VectorColumns
{
    private float[][]? _columns;
    private bool[] _present = [];
    private int _capacity;

    [ThreadStatic]
    private static float[]? t_scores;

    /// <summary>The vectors' size, fixed by the first vector stored; vectors of another size are not stored.</summary>
    public int Dimensions { get; private set; }

    /// <summary>Stores the vector of <paramref name="slot"/> (normalised to unit length); false when it cannot be compared.</summary>
    public bool Set(int slot, ReadOnlySpan<float> vector)
    {
        if (vector.IsEmpty || (Dimensions != 0 && vector.Length != Dimensions))
        {
            return false;
        }

        if (UnitVector(vector) is not { } unit)
        {
            return false;
        }

        if (_columns is null)
        {
            Dimensions = vector.Length;
            _columns = new float[Dimensions][];
        }

        EnsureCapacity(slot + 1);
        for (var d = 0; d < Dimensions; d++)
        {
            _columns[d][slot] = unit[d];
        }

        _present[slot] = true;
        return true;
    }

    /// <summary>Forgets the vector of a removed chunk (its cells become zero, so it can never score).</summary>
    public void Clear(int slot)
    {
        if (_columns is null || slot >= _capacity || !_present[slot])
        {
            return;
        }

        foreach (var column in _columns)
        {
            column[slot] = 0;
        }

        _present[slot] = false;
    }

    public bool Has(int slot) => slot < _capacity && _present[slot];

    /// <summary>
    /// Cosine similarity of the unit-length <paramref name="query"/> with every slot below <paramref name="slots"/>, in
    /// a buffer owned by the calling thread (valid until its next call); slots without a vector score 0.
    /// </summary>
    public ReadOnlySpan<float> Scores(ReadOnlySpan<float> query, int slots)
    {
        var scores = t_scores is { } s && s.Length >= slots ? s : t_scores = new float[Math.Max(slots, 1024) * 2];
        var span = scores.AsSpan(0, slots);
        span.Clear();
        if (_columns is null || query.Length != Dimensions)
        {
            return span;
        }

        var used = Math.Min(slots, _capacity);
        for (var d = 0; d < Dimensions; d++)
        {
            var weight = query[d];
            if (weight != 0)
            {
                TensorPrimitives.MultiplyAdd(_columns[d].AsSpan(0, used), weight, span[..used], span[..used]);
            }
        }

        return span;
    }

    /// <summary>The vector scaled to unit length, or <see langword="null"/> when it is empty, zero or not finite.</summary>
    public static float[]? UnitVector(ReadOnlySpan<float> vector)
    {
        var norm = vector.IsEmpty ? 0 : TensorPrimitives.Norm(vector);
        if (norm == 0 || !float.IsFinite(norm))
        {
            return null;
        }

        var unit = new float[vector.Length];
        TensorPrimitives.Divide(vector, norm, unit);
        return unit;
    }

    private void EnsureCapacity(int slots)
    {
        if (slots <= _capacity)
        {
            return;
        }

        var capacity = Math.Max(slots, Math.Max(1024, _capacity * 2));
        for (var d = 0; d < Dimensions; d++)
        {
            var column = new float[capacity];
            _columns![d]?.AsSpan(0, _capacity).CopyTo(column);
            _columns[d] = column;
        }

        Array.Resize(ref _present, capacity);
        _capacity = capacity;
    }
}
