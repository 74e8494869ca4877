import { ByteWriter, type ParquetWriter } from 'hyparquet-writer';
import { archiveParquetWriter, type ParquetOptions } from './parquet-encoder';
import { parquetColumnData } from './parquet-columns';
import type { StoredRecord } from './stored-record';

/**
 * Writes one Parquet file a row group at a time, handing its bytes to `sink` as each row group is
 * done (e.g. into multipart-upload parts), so memory holds one row group, not the file. Await
 * each call before the next; call finish() once, after the last write.
 */
export class ParquetStreamWriter {
  private readonly parquet: ParquetWriter;
  private readonly recordFormat: ParquetOptions['recordFormat'];
  private finished = false;

  constructor(options: ParquetOptions, sink: (chunk: Buffer) => Promise<void>) {
    this.recordFormat = options.recordFormat;
    this.parquet = archiveParquetWriter(new SinkWriter(sink), options);
  }

  /** The records as one row group. */
  async write(records: readonly StoredRecord[]): Promise<void> {
    if (this.finished) throw new Error('ParquetStreamWriter.write after finish: the file is already complete');
    if (records.length === 0) return;
    await this.parquet.write({ columnData: parquetColumnData(records, this.recordFormat), rowGroupSize: records.length });
  }

  /** Writes the footer (row group index, schema) and hands the last bytes to the sink. */
  async finish(): Promise<void> {
    if (this.finished) throw new Error('ParquetStreamWriter.finish called twice');
    this.finished = true;
    await this.parquet.finish();
  }
}

/** A ByteWriter that ParquetWriter empties into the sink after every row group and at the end. */
class SinkWriter extends ByteWriter {
  constructor(private readonly sink: (chunk: Buffer) => Promise<void>) {
    super(1024 * 1024);
  }

  flush(): Promise<void> {
    // A copy: the writer's buffer is reused for the next row group while the sink still holds this one.
    const chunk = Buffer.from(this.getBytes());
    this.index = 0;
    return this.sink(chunk);
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}
