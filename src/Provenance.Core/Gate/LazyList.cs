using System;
using System.Collections;
using System.Collections.Generic;

namespace Provenance.Gate;

/// <summary>A list built the first time it is read: a replayed result's file lists cost nothing unless someone asks.</summary>
internal sealed class LazyList<T> : IReadOnlyList<T>
{
    private readonly Lazy<IReadOnlyList<T>> items;

    public LazyList(Lazy<IReadOnlyList<T>> items) => this.items = items;

    public int Count => items.Value.Count;

    public T this[int index] => items.Value[index];

    public IEnumerator<T> GetEnumerator() => items.Value.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
