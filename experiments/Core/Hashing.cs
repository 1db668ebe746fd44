// Content hashes (SHA-256, lower-case hex) used for caches, manifests and provenance.
using System.Security.Cryptography;
using System.Text;

namespace BabyLm.Core;

public static class Hashing
{
    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Sha256Hex(string text) => Sha256Hex(Encoding.UTF8.GetBytes(text));

    public static string FileSha256Hex(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>An incremental hash over named parts (name and length are mixed in, so parts cannot alias).</summary>
    public sealed class Builder
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public Builder Add(string name, ReadOnlySpan<byte> value)
        {
            Span<byte> len = stackalloc byte[8];
            _hash.AppendData(Encoding.UTF8.GetBytes(name));
            BitConverter.TryWriteBytes(len, (long)value.Length);
            _hash.AppendData(len);
            _hash.AppendData(value);
            return this;
        }

        public Builder Add(string name, string value) => Add(name, Encoding.UTF8.GetBytes(value));

        public string Hex() => Convert.ToHexStringLower(_hash.GetHashAndReset());
    }
}
