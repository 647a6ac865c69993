using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetnsBdd.Support.Reports.Messages;

/// <summary>
/// Writes a Cucumber.Messages enum as the schema's string. The generated enums carry that string in a
/// <see cref="DescriptionAttribute"/>; it differs from the member name for media types
/// (<c>TEXT_X_CUCUMBER_GHERKIN_PLAIN</c> is <c>text/x.cucumber.gherkin+plain</c>), so a plain string enum converter
/// would write values the schema rejects.
/// </summary>
internal sealed class CucumberEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsEnum && typeToConvert.Namespace == "Io.Cucumber.Messages.Types";

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(EnumConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class EnumConverter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private readonly Dictionary<T, string> _names = new();
        private readonly Dictionary<string, T> _values = new(StringComparer.Ordinal);

        public EnumConverter()
        {
            foreach (var field in typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var value = (T)field.GetValue(null)!;
                var name = field.GetCustomAttribute<DescriptionAttribute>()?.Description ?? field.Name;
                _names[value] = name;
                _values[name] = value;
            }
        }

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            return text is not null && _values.TryGetValue(text, out var value)
                ? value
                : throw new JsonException($"'{text}' is not a {typeof(T).Name} of the Cucumber messages schema.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(_names.TryGetValue(value, out var name) ? name : value.ToString());
    }
}
