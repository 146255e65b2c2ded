using System;
using System.Collections;
using System.Collections.Generic;

namespace Provenance.Gate;

/// <summary>A list built the first time it is read: a replayed result's file lists cost nothing unless someone asks.</summary>
internal sealed class LazyList<T> : IReadOnlyList<T>
{
    private readonly Lazy<IReadOnlyList<T>> items;

    /// <param name="count">How many items the list will have: counting them builds nothing.</param>
    public LazyList(Lazy<IReadOnlyList<T>> items, int count)
    {
        this.items = items;
        Count = count;
    }

    public int Count { get; }

    public bool IsBuilt => items.IsValueCreated;

    public T this[int index] => items.Value[index];

    public IEnumerator<T> GetEnumerator() => items.Value.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
