import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip } from 'chart.js';
import { Bar } from 'react-chartjs-2';

// Register only what the reports draw (chart.js is tree-shakeable).
ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

/**
 * A bar chart with an accessible name. The canvas is an image to assistive technology
 * (role=img + label); the same numbers are always in a table next to it.
 */
export function BarChart(props: {
  label: string;
  labels: string[];
  values: number[];
  color?: string;
  testId?: string;
}) {
  return (
    <figure className="report-chart">
      <div style={{ position: 'relative', height: 240 }}>
        <Bar
          role="img"
          aria-label={props.label}
          data-testid={props.testId}
          data={{
            labels: props.labels,
            datasets: [{ label: props.label, data: props.values, backgroundColor: props.color ?? '#2f6fb0' }],
          }}
          options={{
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            plugins: { legend: { display: false } },
            scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
          }}
        />
      </div>
      <figcaption>{props.label}</figcaption>
    </figure>
  );
}
