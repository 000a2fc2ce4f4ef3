// Placeholder until the page is built (issue 5).
export default function ClaimReviewsPage() {
  return null;
}
