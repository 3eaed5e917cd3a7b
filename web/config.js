// Where the page finds the Brandkit API. "" means the same origin (what `brandkit serve` gives);
// on S3 + CloudFront set the API Gateway stage URL, e.g. "https://abc123.execute-api.eu-west-1.amazonaws.com/v1".
window.BRANDKIT_CONFIG = {apiBase: ""};
