"""Uploaded files in an S3-compatible object store (kho lưu trữ đối tượng: MinIO, Ceph RGW, a cloud's S3) through
django-storages, for app servers that share no disk (MOTCUA_FILE_STORAGE=s3, docs/operations.md).

The bucket stays private: objects are written without a public ACL, a file reaches a browser only through the
permission-checked download views, which stream it from the store, and `url()` (used by no view) gives a signed
address that expires after MOTCUA_S3_SIGNED_URL_SECONDS. Writes follow the transaction as on the local disk.

Imported only when configured: boto3 and django-storages are the optional `s3` extra.
"""

from storages.backends.s3 import S3Storage

from motcua.core.files import FollowsTransaction


class TransactionalS3Storage(FollowsTransaction, S3Storage):
    """settings.STORAGES["default"] with MOTCUA_FILE_STORAGE=s3."""
