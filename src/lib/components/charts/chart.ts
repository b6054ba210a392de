import {
	BarController,
	BarElement,
	CategoryScale,
	Chart,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip
} from 'chart.js';

// Only what Vigie's charts draw (bars and lines over categories, legend, tooltip) is registered, so the bundle
// carries nothing else of Chart.js. Every chart of the product imports Chart from here.
Chart.register(
	BarController,
	BarElement,
	CategoryScale,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip
);

export { Chart };
