// Writes one split's tokens.bin + utterances.bin. Utterances are appended in corpus order; the headers
// are written last (counts known), and both files go to temporary names first (see AtomicFile).
using BabyLm.Core;

namespace BabyLm.Corpus.Shards;

public sealed class ShardWriter : IDisposable
{
    private readonly string _dir;
    private readonly string _tokensTmp, _uttsTmp;
    private readonly FileStream _tokens, _utts;
    private readonly int _width, _vocab;
    private readonly byte[] _record = new byte[ShardFormat.RecordBytes];
    private byte[] _buffer = new byte[4096];
    private long _tokenCount, _uttCount, _words;
    private bool _done;

    public ShardWriter(string dir, int vocabSize)
    {
        _dir = dir;
        Directory.CreateDirectory(dir);
        _vocab = vocabSize;
        _width = ShardFormat.TokenWidth(vocabSize);
        _tokensTmp = AtomicFile.TempPathFor(Path.Combine(dir, ShardFiles.Tokens));
        _uttsTmp = AtomicFile.TempPathFor(Path.Combine(dir, ShardFiles.Utterances));
        _tokens = new FileStream(_tokensTmp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        _utts = new FileStream(_uttsTmp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        _tokens.Write(new byte[ShardFormat.HeaderBytes]);
        _utts.Write(new byte[ShardFormat.HeaderBytes]);
    }

    public long Utterances => _uttCount;
    public long Tokens => _tokenCount;
    public long Words => _words;

    public void Add(ReadOnlySpan<int> tokens, int words, int source, long position, int aux = 0)
    {
        int bytes = tokens.Length * _width;
        if (_buffer.Length < bytes) _buffer = new byte[bytes * 2];
        if (_width == 2)
        {
            for (int i = 0; i < tokens.Length; i++)
            {
                int t = tokens[i];
                if ((uint)t >= (uint)_vocab) throw new ArgumentOutOfRangeException(nameof(tokens), t, "token id outside the vocabulary");
                _buffer[2 * i] = (byte)t;
                _buffer[2 * i + 1] = (byte)(t >> 8);
            }
        }
        else
        {
            for (int i = 0; i < tokens.Length; i++)
            {
                int t = tokens[i];
                if ((uint)t >= (uint)_vocab) throw new ArgumentOutOfRangeException(nameof(tokens), t, "token id outside the vocabulary");
                System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(4 * i), t);
            }
        }
        _tokens.Write(_buffer, 0, bytes);
        ShardFormat.WriteRecord(_record, new UtteranceRecord(_tokenCount, tokens.Length, words, source, aux, position));
        _utts.Write(_record);
        _tokenCount += tokens.Length;
        _uttCount++;
        _words += words;
    }

    /// <summary>Writes the headers, flushes, and renames both files into place.</summary>
    public void Complete()
    {
        _tokens.Position = 0;
        _tokens.Write(ShardFormat.TokensHeader(_width, _vocab, _tokenCount));
        _utts.Position = 0;
        _utts.Write(ShardFormat.UtterancesHeader(_uttCount, _tokenCount, _words));
        _tokens.Flush(true);
        _utts.Flush(true);
        _tokens.Dispose();
        _utts.Dispose();
        File.Move(_tokensTmp, Path.Combine(_dir, ShardFiles.Tokens), overwrite: true);
        File.Move(_uttsTmp, Path.Combine(_dir, ShardFiles.Utterances), overwrite: true);
        _done = true;
    }

    public void Dispose()
    {
        if (_done) return;
        _tokens.Dispose();
        _utts.Dispose();
        AtomicFile.TryDelete(_tokensTmp);
        AtomicFile.TryDelete(_uttsTmp);
    }
}

public static class ShardFiles
{
    public const string Tokens = "tokens.bin";
    public const string Utterances = "utterances.bin";
    public const string Manifest = "shards.json";
}
