using System.Globalization;
using System.Text;

namespace NetnsBdd.Support.Reports;

/// <summary>
/// Folder names from scenario titles: ASCII <c>[a-z0-9-]</c> only, so they survive any file system, shell, URL or
/// CI artifact store, and short enough that a deep results path stays well under PATH_MAX.
/// </summary>
public static class ScenarioFolderName
{
    public const int MaxSlugLength = 60;

    /// <summary>"Eight clients share 100 Mbit/s (é)" → "eight-clients-share-100-mbit-s-e"; nothing usable → "scenario".</summary>
    public static string Slug(string title)
    {
        var builder = new StringBuilder(title.Length);
        var pendingDash = false;
        foreach (var c in Decompose(title))
        {
            var lower = char.ToLowerInvariant(c);
            if (lower is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                if (pendingDash && builder.Length > 0)
                {
                    builder.Append('-');
                }

                pendingDash = false;
                builder.Append(lower);
            }
            else
            {
                pendingDash = true;
            }
        }

        var slug = builder.Length > MaxSlugLength ? builder.ToString(0, MaxSlugLength).TrimEnd('-') : builder.ToString();
        return slug.Length == 0 ? "scenario" : slug;
    }

    /// <summary>
    /// The running index comes first so that outline rows sharing a title stay apart and the folders list in the
    /// order the scenarios ran.
    /// </summary>
    public static string For(int index, string title)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(index);
        return string.Create(CultureInfo.InvariantCulture, $"{index:D3}-{Slug(title)}");
    }

    // Latin letters with diacritics keep their base letter, so "Überlast" keeps its "u". A table, because
    // string.Normalize does nothing under InvariantGlobalization, which this project runs with.
    private const string Accented = "àáâãäåāăąçćčďđèéêëēėęěìíîïīįłñńňòóôõöøōőŕřśšşťùúûüūůűųýÿźżž";
    private const string Plain = "aaaaaaaaacccddeeeeeeeeiiiiiilnnnoooooooorrssstuuuuuuuuyyzzz";

    private static IEnumerable<char> Decompose(string title)
    {
        foreach (var c in title)
        {
            var lower = char.ToLowerInvariant(c);
            var at = Accented.IndexOf(lower, StringComparison.Ordinal);
            if (at >= 0)
            {
                yield return Plain[at];
            }
            else if (lower == 'ß')
            {
                yield return 's';
                yield return 's';
            }
            else if (lower == 'æ')
            {
                yield return 'a';
                yield return 'e';
            }
            else
            {
                yield return c;
            }
        }
    }
}
