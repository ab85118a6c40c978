import { LoadingState } from "@/components/ui/LoadingState";

export default function DashboardLoading() {
  return <LoadingState className="h-64" />;
}
