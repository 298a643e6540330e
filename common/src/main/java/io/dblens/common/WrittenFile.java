package io.dblens.common;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A data file a task wrote into a table's directory, not yet part of the table: what the driver needs
 * to add it in a Delta commit ({@link DeltaFiles#commit}).
 *
 * @param table           catalogue name of the table
 * @param path            relative to the table's directory, URI-encoded as Delta stores it
 * @param partitionValues partition column to value as Delta writes it (null for a null value)
 * @param sizeBytes       file size
 * @param modifiedAt      file modification time, epoch milliseconds
 * @param records         rows in the file
 * @param stats           Delta statistics JSON for the table's statistics columns
 * @param fileIds         the input files ({@code file_id}) whose rows it holds, sorted
 */
public record WrittenFile(String table, String path, Map<String, String> partitionValues, long sizeBytes,
    long modifiedAt, long records, String stats, List<String> fileIds) implements Serializable {}
