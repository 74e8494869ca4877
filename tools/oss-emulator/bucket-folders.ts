import { mkdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode } from './files';
import { ENCODED_OBJECTS_DIR, INTERNAL_DIR, METADATA_DIR, TEMP_DIR, UPLOADS_DIR } from './object-file-layout';
import { TempFiles } from './temp-files';

/** The folders of one bucket on disk (see object-file-layout), as real paths. */
export interface BucketFolders {
  /** <dir>/<bucket>: data files at the paths of their keys. */
  root: string;
  metadata: string;
  encodedObjects: string;
  uploads: string;
  temp: TempFiles;
}

/** Creates what is missing and removes temp files that dead processes left behind. */
export async function openBucketFolders(path: string, tempOwner: string): Promise<BucketFolders> {
  try {
    await mkdir(path, { recursive: true });
    // Real paths, so that a data file's real path can be compared with the path its key names.
    const root = await realpath(path);
    const internal = join(root, INTERNAL_DIR);
    const folders = {
      root,
      metadata: join(internal, METADATA_DIR),
      encodedObjects: join(internal, ENCODED_OBJECTS_DIR),
      uploads: join(internal, UPLOADS_DIR),
    };
    for (const folder of [folders.metadata, folders.encodedObjects, folders.uploads]) await mkdir(folder, { recursive: true });
    return { ...folders, temp: await TempFiles.open(join(internal, TEMP_DIR), tempOwner) };
  } catch (error) {
    throw new Error(
      `Local OSS server: cannot use ${path} as a bucket directory (${errorCode(error) ?? (error as Error).message}); it must be a directory this user can write, and ${INTERNAL_DIR} inside it, if there, a folder (the server's own).`,
    );
  }
}
