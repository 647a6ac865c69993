using System.Reflection;

namespace NetnsBdd.Support.Bdd;

/// <summary>
/// Reqnroll's <c>CreateSet</c>/<c>CreateInstance</c> table helpers. Columns match constructor parameters and settable
/// properties by name, ignoring case, spaces and underscores ("Max rate" fills <c>MaxRate</c>). Values are converted
/// with <see cref="StepArgumentConverter"/>. A column that fills nothing, or a constructor parameter without a column,
/// is an error naming it, so a typo in a feature file cannot silently leave a default.
/// </summary>
public static class TableExtensions
{
    /// <summary>One <typeparamref name="T"/> per body row.</summary>
    public static List<T> CreateSet<T>(this Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Rows.Select((row, i) => Create<T>(row.ToList(), $"row {i + 1}")).ToList();
    }

    /// <summary>
    /// One <typeparamref name="T"/> from a vertical table (columns <c>Field | Value</c> or <c>Property | Value</c>)
    /// or from the single body row of a horizontal table.
    /// </summary>
    public static T CreateInstance<T>(this Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var vertical = table.Header.Count == 2
            && (Normalize(table.Header[0]) is "field" or "property" or "name")
            && Normalize(table.Header[1]) == "value";
        if (vertical)
        {
            return Create<T>(table.Rows.Select(r => new KeyValuePair<string, string>(r[0], r[1])).ToList(), "the vertical table");
        }

        if (table.RowCount != 1)
        {
            throw new ArgumentException(
                $"CreateInstance<{typeof(T).Name}> needs a vertical table (Field | Value) or exactly one body row; this table has {table.RowCount} rows. Use CreateSet for several.");
        }

        return Create<T>(table.Rows[0].ToList(), "row 1");
    }

    private static T Create<T>(IReadOnlyList<KeyValuePair<string, string>> cells, string where)
    {
        var type = typeof(T);
        var byName = cells.ToDictionary(c => Normalize(c.Key), c => c, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .OrderBy(c => c.GetParameters().Length == 0 ? 0 : 1)
            .ThenByDescending(c => c.GetParameters().Length)
            .FirstOrDefault();
        if (constructor is null && !type.IsValueType)
        {
            throw new ArgumentException($"Cannot create {type.Name} from a table: it has no public constructor.");
        }

        object instance;
        if (constructor is null || constructor.GetParameters().Length == 0)
        {
            instance = Activator.CreateInstance(type)!;
        }
        else
        {
            var arguments = constructor.GetParameters().Select(p =>
            {
                var key = Normalize(p.Name!);
                if (!byName.TryGetValue(key, out var cell))
                {
                    if (p.HasDefaultValue)
                    {
                        return p.DefaultValue;
                    }

                    throw new ArgumentException(
                        $"Cannot create {type.Name} from {where}: the table has no column for constructor parameter '{p.Name}'. " +
                        $"Add a '{p.Name}' column (columns given: {string.Join(", ", cells.Select(c => c.Key))}).");
                }

                used.Add(key);
                return ConvertCell(cell, p.ParameterType, type, where);
            }).ToArray();
            instance = constructor.Invoke(arguments);
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
            .ToDictionary(p => Normalize(p.Name), StringComparer.Ordinal);
        foreach (var (key, cell) in byName)
        {
            if (used.Contains(key))
            {
                continue;
            }

            if (!properties.TryGetValue(key, out var property))
            {
                throw new ArgumentException(
                    $"Cannot create {type.Name} from {where}: column '{cell.Key}' matches no constructor parameter or settable property. " +
                    $"Known names: {string.Join(", ", properties.Values.Select(p => p.Name).Concat(constructor?.GetParameters().Select(p => p.Name!) ?? []).Distinct())}.");
            }

            property.SetValue(instance, ConvertCell(cell, property.PropertyType, type, where));
        }

        return (T)instance;
    }

    private static object? ConvertCell(KeyValuePair<string, string> cell, Type target, Type owner, string where)
    {
        try
        {
            return StepArgumentConverter.Convert(cell.Value, target);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"Cannot create {owner.Name} from {where}: column '{cell.Key}': {e.Message}", e);
        }
    }

    private static string Normalize(string name) =>
        name.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
