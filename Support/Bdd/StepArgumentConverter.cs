using System.ComponentModel;
using System.Globalization;

namespace NetnsBdd.Support.Bdd;

/// <summary>
/// Turns step text and table cells into parameter values, always with the invariant culture so "1.5" means the same
/// on every lab machine whatever its locale.
/// </summary>
public static class StepArgumentConverter
{
    /// <exception cref="FormatException">The text is not a valid <paramref name="targetType"/>.</exception>
    public static object? Convert(string? value, Type targetType)
    {
        ArgumentNullException.ThrowIfNull(targetType);
        var underlying = Nullable.GetUnderlyingType(targetType);
        if (value is null || (underlying is not null && value.Length == 0))
        {
            if (!targetType.IsValueType || underlying is not null)
            {
                return null;
            }

            throw new FormatException($"no value was given, and a {targetType.Name} cannot be empty");
        }

        var type = underlying ?? targetType;
        var culture = CultureInfo.InvariantCulture;
        try
        {
            if (type == typeof(string) || type == typeof(object))
            {
                return value;
            }

            if (type.IsEnum)
            {
                return ParseEnum(value, type);
            }

            if (type == typeof(bool))
            {
                return value.Trim().ToLowerInvariant() switch
                {
                    "true" or "yes" or "y" or "1" => true,
                    "false" or "no" or "n" or "0" => false,
                    _ => throw new FormatException($"'{value}' is not true/false/yes/no"),
                };
            }

            if (type == typeof(Guid))
            {
                return Guid.Parse(value);
            }

            if (type == typeof(TimeSpan))
            {
                return TimeSpan.Parse(value, culture);
            }

            if (type == typeof(DateTime))
            {
                return DateTime.Parse(value, culture, DateTimeStyles.RoundtripKind);
            }

            if (type == typeof(DateTimeOffset))
            {
                return DateTimeOffset.Parse(value, culture);
            }

            if (type == typeof(float) || type == typeof(double) || type == typeof(decimal))
            {
                return System.Convert.ChangeType(value.Trim(), type, culture);
            }

            if (type.IsPrimitive)
            {
                return System.Convert.ChangeType(value.Trim(), type, culture);
            }

            var converter = TypeDescriptor.GetConverter(type);
            if (converter.CanConvertFrom(typeof(string)))
            {
                return converter.ConvertFromString(null, culture, value);
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException or ArgumentException or NotSupportedException)
        {
            throw new FormatException($"'{value}' is not a valid {type.Name}: {e.Message}", e);
        }

        throw new FormatException(
            $"there is no conversion from text to {type.FullName}; use a primitive, string, enum, Guid, TimeSpan, DateTime, or a type with a TypeConverter");
    }

    private static object ParseEnum(string value, Type type)
    {
        var compact = value.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        foreach (var name in Enum.GetNames(type))
        {
            if (string.Equals(name, value.Trim(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(name.Replace("_", string.Empty, StringComparison.Ordinal), compact, StringComparison.OrdinalIgnoreCase))
            {
                return Enum.Parse(type, name);
            }
        }

        throw new FormatException($"'{value}' is not one of {string.Join(", ", Enum.GetNames(type))}");
    }
}
