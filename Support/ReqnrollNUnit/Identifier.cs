using System.Text.RegularExpressions;

namespace NetnsBdd.Support.ReqnrollNUnit;

/// <summary>"Ten clients download the file in parallel" → "TenClientsDownloadTheFileInParallel", like Reqnroll's generator.</summary>
public static partial class Identifier
{
    public static string Of(string text)
    {
        var name = string.Concat(NonWord().Split(text).Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        return name.Length == 0 ? "_" : char.IsDigit(name[0]) ? "_" + name : name;
    }

    [GeneratedRegex(@"[^\p{L}\p{Nd}]+")]
    private static partial Regex NonWord();
}
