using System.Globalization;
using System.Xml.Linq;

namespace NetnsBdd.Support.Merge;

/// <summary>
/// One JUnit file for the fleet: a suite per host (named after it) with a case per scenario from its results.json,
/// each host's own junit.xml suites when its run folder holds one (renamed "host: suite", so hosts never collide), and
/// a failed case per missing host.
/// </summary>
public static class FleetJUnit
{
    public static void Write(FleetReport report, string path)
    {
        var suites = new List<XElement>();
        foreach (var run in report.Runs)
        {
            suites.Add(Suite(run.Host, report.Of(run.Host).Select(s => Case(run.Host, s.Title, s.Passed ? null : $"{s.Status}: {s.Error ?? "(no error recorded)"}"))));
            var own = Path.Combine(run.Folder, "junit.xml");
            if (File.Exists(own))
            {
                foreach (var suite in XDocument.Load(own).Descendants("testsuite"))
                {
                    var copy = new XElement(suite);
                    copy.SetAttributeValue("name", $"{run.Host}: {(string?)suite.Attribute("name")}");
                    foreach (var testCase in copy.Elements("testcase"))
                    {
                        testCase.SetAttributeValue("classname", $"{run.Host}.{(string?)testCase.Attribute("classname")}");
                    }

                    suites.Add(copy);
                }
            }
        }

        if (report.MissingHosts.Count > 0)
        {
            suites.Add(Suite("fleet", report.MissingHosts.Select(h => Case("fleet", $"host {h} reported", $"host {h} is missing: no run folder was given for it (its job failed or never ran)"))));
        }

        var root = new XElement("testsuites",
            new XAttribute("name", "fleet"),
            new XAttribute("tests", suites.Sum(s => s.Elements("testcase").Count())),
            new XAttribute("failures", suites.Sum(s => s.Elements("testcase").Count(c => c.Element("failure") is not null))),
            suites);
        new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(path);
    }

    private static XElement Suite(string name, IEnumerable<XElement> cases)
    {
        var list = cases.ToArray();
        return new XElement("testsuite",
            new XAttribute("name", name),
            new XAttribute("tests", list.Length.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("failures", list.Count(c => c.Element("failure") is not null).ToString(CultureInfo.InvariantCulture)),
            list);
    }

    private static XElement Case(string host, string name, string? failure) =>
        new("testcase", new XAttribute("classname", host), new XAttribute("name", name),
            failure is null ? null : new XElement("failure", new XAttribute("message", failure), failure));
}
