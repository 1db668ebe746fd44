// `babylm export-table`: every table and view of a sweep's run table as one file each, for pandas, R,
// DuckDB or a spreadsheet: Parquet (Parquet.Net; int64, double, string, bool and UTC timestamp columns,
// nulls kept, Snappy-compressed) or CSV (RFC 4180, full-precision numbers, NULL empty). Column names
// are runs.db's, so config keys keep their YAML names ("model.layers"). tables.json beside the files
// lists each file's table, rows, columns and types. The folder is built beside its destination and
// swapped in whole, so a reader never sees half an export; a folder holding anything but an earlier
// export's files is never replaced. Collects first, as `query` and `report` do.
// Not written: meta and sources (the collector's bookkeeping).
using System.Globalization;
using System.Text;
using System.Text.Json;
using BabyLm.Core;
using BabyLm.Experiments.Runs;
using Parquet;
using Parquet.Schema;

namespace BabyLm.Analysis;

public enum TableFormat { Parquet, Csv }

public sealed record ExportTableRequest
{
    public required string SweepDir { get; init; }
    public required TableFormat Format { get; init; }
    /// <summary>Output folder; default &lt;sweep&gt;/export/&lt;format&gt;.</summary>
    public string? Out { get; init; }
}

/// <summary>One exported file, as tables.json lists it.</summary>
public sealed record ExportedTable
{
    public required string Name { get; init; }
    /// <summary>"table" or "view".</summary>
    public required string Kind { get; init; }
    public required string File { get; init; }
    public required int Rows { get; init; }
    public required string What { get; init; }
    public required IReadOnlyList<ExportedColumn> Columns { get; init; }
}

public sealed record ExportedColumn(string Name, string Type);

/// <summary>tables.json: what an export folder holds.</summary>
public sealed record ExportManifest
{
    public required string Sweep { get; init; }
    public required string Format { get; init; }
    public required int SchemaVersion { get; init; }
    public string? ToolCommit { get; init; }
    public required IReadOnlyList<ExportedTable> Tables { get; init; }
}

public sealed record ExportTableResult(string OutDir, ExportManifest Manifest, CollectResult? Collected);

public static class TableExport
{
    public const string ManifestFile = "tables.json";

    public static string Extension(TableFormat format) => format == TableFormat.Parquet ? ".parquet" : ".csv";

    public static string FormatName(TableFormat format) => format == TableFormat.Parquet ? "parquet" : "csv";

    /// <summary>Parses --format: parquet or csv; anything else is an error naming both.</summary>
    public static TableFormat ParseFormat(string text) => text.Trim().ToLowerInvariant() switch
    {
        "parquet" => TableFormat.Parquet,
        "csv" => TableFormat.Csv,
        _ => throw new BabyLmException(Suggest.Unknown("--format", text, ["parquet", "csv"]),
            "parquet: typed columns, what pandas.read_parquet and R's arrow::read_parquet read; csv: plain text for anything else"),
    };

    public static ExportTableResult Write(ExportTableRequest request)
    {
        using var db = RunDatabase.Open(request.SweepDir);
        var outDir = Path.GetFullPath(request.Out ?? Path.Combine(db.Sweep.Root, "export", FormatName(request.Format)));
        CheckReplaceable(outDir);

        var tables = new List<TypedTable>();
        using (db.Connection.BeginTransaction(deferred: true)) // one snapshot for every file
            foreach (var name in TypedTable.Names) tables.Add(TypedTable.Read(db, name));

        var entries = tables.Select(t => new ExportedTable
        {
            Name = t.Name, Kind = Schema.Catalogue.Single(c => c.Name == t.Name).What.StartsWith("view", StringComparison.Ordinal) ? "view" : "table",
            File = t.Name + Extension(request.Format), Rows = t.RowCount,
            What = Schema.Catalogue.Single(c => c.Name == t.Name).What,
            Columns = t.Columns.Select(c => new ExportedColumn(c.Name, c.TypeName)).ToList(),
        }).ToList();
        var manifest = new ExportManifest
        {
            Sweep = db.Sweep.Name, Format = FormatName(request.Format), SchemaVersion = Schema.Version, ToolCommit = Provenance.ToolCommit, Tables = entries,
        };

        AtomicFile.WriteDirectory(outDir, tmp =>
        {
            foreach (var t in tables)
            {
                var path = Path.Combine(tmp, t.Name + Extension(request.Format));
                if (request.Format == TableFormat.Parquet) AtomicFile.Write(path, stream => WriteParquet(t, stream, manifest));
                else AtomicFile.WriteAllText(path, ToCsv(t));
            }
            AtomicFile.WriteAllText(Path.Combine(tmp, ManifestFile), JsonSerializer.Serialize(manifest, Json.Pretty) + "\n");
        });
        return new ExportTableResult(outDir, manifest, db.Collected);
    }

    // ---- Parquet ---------------------------------------------------------------------------------------

    private static void WriteParquet(TypedTable table, Stream stream, ExportManifest manifest)
    {
        var fields = table.Columns.Select(Field).ToArray();
        var schema = new ParquetSchema(fields);
        // Parquet.Net is asynchronous only; this runs on the caller's thread with no synchronisation context.
        Task.Run(async () =>
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy });
            writer.CustomMetadata = new Dictionary<string, string>
            {
                ["babylm.sweep"] = manifest.Sweep, ["babylm.table"] = table.Name, ["babylm.schema_version"] = manifest.SchemaVersion.ToString(CultureInfo.InvariantCulture),
            };
            using var group = writer.CreateRowGroup();
            for (int i = 0; i < fields.Length; i++)
            {
                var c = table.Columns[i];
                switch (c.Kind)
                {
                    case ColumnKind.Int64: await group.WriteAsync<long>(fields[i], (long?[])c.Values); break;
                    case ColumnKind.Double: await group.WriteAsync<double>(fields[i], (double?[])c.Values); break;
                    case ColumnKind.Boolean: await group.WriteAsync<bool>(fields[i], (bool?[])c.Values); break;
                    case ColumnKind.Timestamp: await group.WriteAsync<DateTime>(fields[i], (DateTime?[])c.Values); break;
                    default: await group.WriteAsync(fields[i], (string[])c.Values!); break;
                }
            }
        }).GetAwaiter().GetResult();
    }

    private static DataField Field(TypedColumn c) => c.Kind switch
    {
        ColumnKind.Int64 => new DataField<long?>(c.Name),
        ColumnKind.Double => new DataField<double?>(c.Name),
        ColumnKind.Boolean => new DataField<bool?>(c.Name),
        ColumnKind.Timestamp => new DateTimeDataField(c.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: true),
        _ => new DataField<string>(c.Name, nullable: true),
    };

    // ---- CSV -------------------------------------------------------------------------------------------

    /// <summary>RFC 4180: a header of column names, then one line per row; doubles round-trip ("R"), times ISO-8601 UTC, NULL empty.</summary>
    public static string ToCsv(TypedTable table)
    {
        var sb = new StringBuilder();
        sb.Append(Csv.Line(table.Columns.Select(c => c.Name)));
        for (int r = 0; r < table.RowCount; r++)
            sb.Append(Csv.Line(table.Columns.Select(c => Cell(c[r]))));
        return sb.ToString();
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Frames.Text(value),
    };

    // ---- the output folder -------------------------------------------------------------------------------

    /// <summary>A new or empty folder, or one that holds only files an export writes (the earlier export is replaced).</summary>
    private static void CheckReplaceable(string outDir)
    {
        if (File.Exists(outDir)) throw new BabyLmException($"--out '{outDir}' is a file", "give a folder for the exported tables");
        if (!Directory.Exists(outDir)) return;
        var ours = TypedTable.Names.SelectMany(n => new[] { n + ".parquet", n + ".csv" }).Append(ManifestFile).ToHashSet(StringComparer.Ordinal);
        var entries = Directory.EnumerateFileSystemEntries(outDir).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        if (entries.Count == 0) return;
        if (!entries.Contains(ManifestFile))
            throw new BabyLmException($"--out '{outDir}' exists and is not an export folder (no {ManifestFile}): it will not be replaced",
                "give a new or empty folder, or the folder of an earlier export-table");
        var foreign = entries.Where(e => !ours.Contains(e) || Directory.Exists(Path.Combine(outDir, e))).ToList();
        if (foreign.Count > 0)
            throw new BabyLmException($"--out '{outDir}' holds files an export does not write ({string.Join(", ", foreign.Take(5))}{(foreign.Count > 5 ? ", …" : "")}): it will not be replaced",
                "move those files elsewhere, or give another folder");
    }
}
