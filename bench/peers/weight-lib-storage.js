// Weight only: what a page ships to use lib-storage's Upload with an S3 client.
import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
window.__peer = { S3Client, Upload };
