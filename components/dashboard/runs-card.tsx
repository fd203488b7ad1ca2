import { HistoryIcon } from 'lucide-react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Empty, EmptyDescription, EmptyHeader, EmptyMedia, EmptyTitle } from '@/components/ui/empty';

export function RunsCard({ runCount }: { runCount: number }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle><h2>Training history</h2></CardTitle>
        <CardDescription>Every generation and training run, where it stands, and what you can do next.</CardDescription>
      </CardHeader>
      <CardContent>
        {runCount === 0 && (
          <Empty className="border border-dashed">
            <EmptyHeader>
              <EmptyMedia variant="icon">
                <HistoryIcon />
              </EmptyMedia>
              <EmptyTitle as="h3">No runs yet</EmptyTitle>
              <EmptyDescription>
                A run asks the model, chunk by chunk, which questions each chunk answers. Runs appear here with their
                progress, and can be cancelled, proceeded or retried at any point.
              </EmptyDescription>
            </EmptyHeader>
          </Empty>
        )}
      </CardContent>
    </Card>
  );
}
