// JSON conventions for every file the tool writes: snake_case keys, invariant formatting, indented for
// manifests (Pretty) and single-line for JSONL logs (Line).
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BabyLm.Core;

public static class Json
{
    public static readonly JsonSerializerOptions Pretty = Create(indented: true);
    public static readonly JsonSerializerOptions Line = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented) => new()
    {
        WriteIndented = indented,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads a JSON file into <typeparamref name="T"/>; a malformed file is a <see cref="BabyLmException"/> naming it.</summary>
    public static T ReadFile<T>(string path, string what)
    {
        InputPath.RequireFile(path, what);
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), Pretty)
                ?? throw new BabyLmException($"{path}: empty {what}");
        }
        catch (JsonException ex)
        {
            throw new BabyLmException($"{path}: not a valid {what}: {ex.Message}", null, ex);
        }
    }

    /// <summary>Writes <paramref name="value"/> as indented JSON, atomically.</summary>
    public static void WriteFile<T>(string path, T value)
        => AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(value, Pretty));
}
