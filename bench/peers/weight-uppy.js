// Weight only: Uppy core + Dashboard + the aws-s3 uploader (its CSS is measured beside it).
import Uppy from '@uppy/core';
import Dashboard from '@uppy/dashboard';
import AwsS3 from '@uppy/aws-s3';
window.__peer = new Uppy().use(Dashboard, { inline: true, target: document.body }).use(AwsS3, { endpoint: '/' });
