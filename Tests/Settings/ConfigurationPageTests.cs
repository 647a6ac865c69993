using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using FluentAssertions;
using FluentAssertions.Execution;
using NetnsBdd.Support.Settings;
using NUnit.Framework;

namespace NetnsBdd.Tests.Settings;

/// <summary>
/// docs/configuration.md lists every key the suite binds, with the default a user gets (the records' defaults under
/// the shipped appsettings.json). The keys come from the settings records by reflection, so a setting added,
/// renamed or removed, or a default changed, fails here until the page says so.
/// </summary>
[TestFixture]
[Category(TestTier.Unit)]
public sealed partial class ConfigurationPageTests
{
    private static readonly string PagePath = Path.Combine(SourceTree.Root, "docs", "configuration.md");

    [Test]
    public void The_page_lists_every_key_the_settings_bind_and_no_other()
    {
        var page = PageRows().Keys.ToHashSet(StringComparer.Ordinal);
        var bound = BoundKeys().Select(k => k.Key).ToHashSet(StringComparer.Ordinal);

        using var scope = new AssertionScope();
        string.Join(", ", bound.Except(page)).Should().BeEmpty($"every setting has a row in {PagePath}: add one (key, default, meaning)");
        string.Join(", ", page.Except(bound)).Should().BeEmpty($"every row of {PagePath} names a setting the suite binds: remove or rename it");
    }

    [Test]
    public void Each_default_on_the_page_is_the_one_a_run_gets()
    {
        var page = PageRows();
        var wrong = BoundKeys()
            .Where(k => page.ContainsKey(k.Key))
            .Select(k => (k.Key, Expected: k.Default, Listed: page[k.Key]))
            .Where(k => k.Expected is null ? k.Listed.StartsWith('`') : k.Listed != $"`{k.Expected}`")
            .Select(k => $"{k.Key}: the page says {k.Listed}, a run gets {(k.Expected is null ? "no value (write it in words, e.g. 'empty')" : $"`{k.Expected}`")}")
            .ToArray();

        string.Join("; ", wrong).Should().BeEmpty($"the Default column of {PagePath} is what a run gets from the records and appsettings.json");
    }

    /// <summary>Section:Key and its default for every public settable property of every section SuiteSettings binds.</summary>
    private static IEnumerable<(string Key, string? Default)> BoundKeys()
    {
        // The shipped appsettings.json over the records' own defaults, without this process's NBDD_ variables.
        var settings = SuiteSettings.Load(SourceTree.Root, new Dictionary<string, string?>());
        foreach (var section in typeof(SuiteSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = section.PropertyType.GetField("SectionPath", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string ?? section.Name;
            var values = section.GetValue(settings)!;
            foreach (var key in section.PropertyType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                         .Where(p => p.SetMethod is { IsPublic: true }))
            {
                yield return ($"{name}:{key.Name}", Text(key.GetValue(values)));
            }
        }
    }

    private static string? Text(object? value) => value switch
    {
        null or "" => null,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Each table row's key and Default cell: | `Section:Key` | default | meaning |.</summary>
    private static Dictionary<string, string> PageRows() =>
        File.ReadLines(PagePath)
            .Select(line => Row().Match(line))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["default"].Value.Trim(), StringComparer.Ordinal);

    [GeneratedRegex(@"^\| `(?<key>[A-Za-z]+:[A-Za-z0-9]+)` \|(?<default>[^|]*)\|")]
    private static partial Regex Row();
}
